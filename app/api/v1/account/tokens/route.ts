import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { createToken, listTokens } from "@/lib/auth/tokens.ts";

export const GET = apiRoute(async ({ actor }) => listTokens(actor));
export const POST = apiRoute(async ({ req, actor }) => createToken(actor, await jsonBody(req)), { status: 201 });
