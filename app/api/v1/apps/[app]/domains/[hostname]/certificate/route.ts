import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { removeCertificate, setCertificate } from "@/lib/domains/certificates.ts";

type Params = { app: string; hostname: string };

export const PUT = apiRoute<Params>(async ({ req, actor, params }) => setCertificate(actor, params.app, params.hostname, await jsonBody(req)));
export const DELETE = apiRoute<Params>(async ({ actor, params }) => removeCertificate(actor, params.app, params.hostname));
