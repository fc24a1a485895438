import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { addDrain, listDrains } from "@/lib/logs/drains/drains.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listDrains(actor, params.app));
// `{"url": "https://…" | "syslog+tls://host:port"}`
export const POST = apiRoute<{ app: string }>(async ({ req, actor, params }) => addDrain(actor, params.app, await jsonBody(req)), { status: 201 });
