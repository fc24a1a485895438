import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { addCollaborator, listCollaborators } from "@/lib/apps/collaborators.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listCollaborators(actor, params.app));
export const POST = apiRoute<{ app: string }>(async ({ req, actor, params }) => addCollaborator(actor, params.app, await jsonBody(req)), { status: 201 });
