import { apiRoute } from "@/lib/api/handler.ts";
import { removeCollaborator } from "@/lib/apps/collaborators.ts";

export const DELETE = apiRoute<{ app: string; username: string }>(async ({ actor, params }) => removeCollaborator(actor, params.app, params.username));
