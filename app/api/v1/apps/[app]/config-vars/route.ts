import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { getConfigVars, setConfigVars } from "@/lib/config/set-config-vars.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => getConfigVars(actor, params.app));
export const PATCH = apiRoute<{ app: string }>(async ({ req, actor, params }) => {
  const { values } = await setConfigVars(actor, params.app, await jsonBody(req));
  return values;
});
