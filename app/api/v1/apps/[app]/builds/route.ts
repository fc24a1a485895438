import { Readable } from "node:stream";
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler.ts";
import { buildView, listBuilds } from "@/lib/builds/builds.ts";
import { createBuild } from "@/lib/builds/create-build.ts";
import { invalid } from "@/lib/errors.ts";

const commit = z.string().regex(/^[0-9a-f]{40}$/, "commit must be a 40-character hex sha").optional();
const GZIP_TYPES = new Set(["application/gzip", "application/x-gzip", "application/x-tar+gzip", "application/octet-stream"]);

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listBuilds(actor, params.app));

export const POST = apiRoute<{ app: string }>(
  async ({ req, actor, params }) => {
    const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!GZIP_TYPES.has(type)) throw invalid("send the source as a .tar.gz body with content-type: application/gzip");
    if (!req.body) throw invalid("the upload is empty: send a .tar.gz of the source");
    const build = await createBuild(actor, {
      appName: params.app,
      body: Readable.fromWeb(req.body as import("node:stream/web").ReadableStream),
      declaredBytes: req.headers.has("content-length") ? Number(req.headers.get("content-length")) : undefined,
      commit: commit.parse(new URL(req.url).searchParams.get("commit") ?? undefined),
    });
    return buildView(build);
  },
  { status: 201 },
);
