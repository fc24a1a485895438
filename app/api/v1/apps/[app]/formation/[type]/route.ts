import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { updateFormation } from "@/lib/formation/formation.ts";

export const PATCH = apiRoute<{ app: string; type: string }>(async ({ actor, params, req }) => updateFormation(actor, params.app, params.type, await jsonBody(req)));
