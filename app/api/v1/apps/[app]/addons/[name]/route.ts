import { apiRoute } from "@/lib/api/handler.ts";
import { detachAddon } from "@/lib/addons/attachments.ts";
import { showAppAddon } from "@/lib/addons/list-addons.ts";
import { wantsCredentials } from "@/lib/addons/request-body.ts";

type Params = { app: string; name: string };

export const GET = apiRoute<Params>(async ({ req, actor, params }) => showAppAddon(actor, params.app, params.name, { credentials: wantsCredentials(req) }));
// Detaches (the config vars go, in a new release); DELETE /api/v1/addons/{name} destroys.
export const DELETE = apiRoute<Params>(async ({ actor, params }) => detachAddon(actor, params.name, params.app));
