import { z } from "zod";
import { jsonBody, publicRoute } from "@/lib/api/handler.ts";
import { clientAddress } from "@/lib/auth/client-address.ts";
import { issueToken } from "@/lib/auth/users.ts";

const input = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000), name: z.string().max(100).optional() });

export const POST = publicRoute(async (req) => ({ token: await issueToken(input.parse(await jsonBody(req)), clientAddress(req)) }), { status: 201 });
