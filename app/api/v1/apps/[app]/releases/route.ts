import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { listReleases } from "@/lib/releases/list-releases.ts";
import { rollback } from "@/lib/releases/rollback.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listReleases(actor, params.app));

export const POST = apiRoute<{ app: string }>(async ({ actor, params, req }) => rollback(actor, params.app, await jsonBody(req)), { status: 201 });
