import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { removeDomain, showDomain, updateDomain } from "@/lib/domains/domains.ts";

type Params = { app: string; hostname: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => showDomain(actor, params.app, params.hostname));
export const PATCH = apiRoute<Params>(async ({ req, actor, params }) => updateDomain(actor, params.app, params.hostname, await jsonBody(req)));
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await removeDomain(actor, params.app, params.hostname);
});
