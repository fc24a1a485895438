import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { destroyAddon } from "@/lib/addons/destroy-addon.ts";
import { showAddon } from "@/lib/addons/list-addons.ts";
import { optionalJsonBody, wantsCredentials } from "@/lib/addons/request-body.ts";
import { updateAddon } from "@/lib/addons/update-addon.ts";

type Params = { name: string };

export const GET = apiRoute<Params>(async ({ req, actor, params }) => showAddon(actor, params.name, { credentials: wantsCredentials(req) }));
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => updateAddon(actor, params.name, await jsonBody(req)));
// {"confirm": "<name>"}: the data goes for good.
export const DELETE = apiRoute<Params>(async ({ req, actor, params }) => {
  await destroyAddon(actor, params.name, await optionalJsonBody(req));
});
