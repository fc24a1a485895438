import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { addDomain, listDomains, removeDomain } from "@/lib/domains/domains.ts";
import { addDomainInput } from "@/lib/domains/schemas.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listDomains(actor, params.app));
export const POST = apiRoute<{ app: string }>(async ({ req, actor, params }) => addDomain(actor, params.app, await jsonBody(req)), { status: 201 });
// `{"hostname"}` in the body, as well as DELETE …/domains/{hostname}.
export const DELETE = apiRoute<{ app: string }>(async ({ req, actor, params }) => {
  const { hostname } = addDomainInput.parse(await jsonBody(req));
  await removeDomain(actor, params.app, hostname);
});
