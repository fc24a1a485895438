import { apiRoute } from "@/lib/api/handler.ts";
import { openLogStream } from "@/lib/logs/log-stream.ts";

export const dynamic = "force-dynamic";

/** `?lines=N&tail=true&source=app,router&process=web` — SSE, or plain lines with `Accept: text/plain`. */
export const GET = apiRoute<{ app: string }>(async ({ req, actor, params }) => {
  const { contentType, body } = await openLogStream(actor, params.app, {
    query: Object.fromEntries(new URL(req.url).searchParams),
    accept: req.headers.get("accept"),
    lastEventId: req.headers.get("last-event-id"),
    signal: req.signal,
  });
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store", "x-accel-buffering": "no" } });
});
