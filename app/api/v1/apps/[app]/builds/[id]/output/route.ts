import { apiRoute } from "@/lib/api/handler.ts";
import { getBuild } from "@/lib/builds/builds.ts";
import { followBuildLog } from "@/lib/builds/build-log.ts";

export const dynamic = "force-dynamic";

/** Streams the build's output as plain text lines until its pipeline ends. */
export const GET = apiRoute<{ app: string; id: string }>(async ({ req, actor, params }) => {
  const build = await getBuild(actor, params.app, params.id);
  const encoder = new TextEncoder();
  const abort = new AbortController();
  req.signal.addEventListener("abort", () => abort.abort());
  const lines = followBuildLog(build.id, abort.signal);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${next.value}\n`));
    },
    async cancel() {
      abort.abort();
      await lines.return(undefined);
    },
  });
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" } });
});
