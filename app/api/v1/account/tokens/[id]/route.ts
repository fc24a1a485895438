import { apiRoute } from "@/lib/api/handler.ts";
import { revokeToken } from "@/lib/auth/tokens.ts";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => revokeToken(actor, params.id));
