import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { createInvitation, listInvitations } from "@/lib/auth/invitations.ts";

export const GET = apiRoute(async ({ actor }) => listInvitations(actor));
// `{"isAdmin": bool}` → the invitation with its secret and the link path, shown once.
export const POST = apiRoute(async ({ req, actor }) => createInvitation(actor, await jsonBody(req)), { status: 201 });
