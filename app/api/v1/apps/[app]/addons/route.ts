import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { createAddon } from "@/lib/addons/create-addon.ts";
import { listAppAddons } from "@/lib/addons/list-addons.ts";

type Params = { app: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => listAppAddons(actor, params.app));
// Returns at once, state "provisioning"; the config var is set once the add-on answers.
export const POST = apiRoute<Params>(async ({ req, actor, params }) => createAddon(actor, params.app, await jsonBody(req)), { status: 202 });
