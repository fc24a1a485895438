import { apiRoute } from "@/lib/api/handler.ts";
import { revokeInvitation } from "@/lib/auth/invitations.ts";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => revokeInvitation(actor, params.id));
