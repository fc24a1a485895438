import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { listReleases } from "@/lib/releases/list-releases.ts";
import { rollback } from "@/lib/releases/rollback.ts";

/** Newest first; `?limit=` (1–1000, default 200) `&before=N` pages back from vN. */
export const GET = apiRoute<{ app: string }>(async ({ req, actor, params }) => listReleases(actor, params.app, Object.fromEntries(new URL(req.url).searchParams)));

export const POST = apiRoute<{ app: string }>(async ({ actor, params, req }) => rollback(actor, params.app, await jsonBody(req)), { status: 201 });
