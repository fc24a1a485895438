import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { attachAddon } from "@/lib/addons/attachments.ts";
import { showAddon } from "@/lib/addons/list-addons.ts";

type Params = { name: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => (await showAddon(actor, params.name)).attachments);
export const POST = apiRoute<Params>(async ({ req, actor, params }) => attachAddon(actor, params.name, await jsonBody(req)), { status: 201 });
