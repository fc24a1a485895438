// GET lists users (admins). POST accepts an invitation: `{"invitation","username","password"}`
// creates the user and signs the browser in.
import { apiRoute, jsonBody, publicRoute } from "@/lib/api/handler.ts";
import { acceptInvitation, listUsers } from "@/lib/auth/invitations.ts";
import { assertSameOrigin, openSession, sessionCookie } from "@/lib/auth/sessions.ts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => listUsers(actor));

export const POST = publicRoute(async (req) => {
  assertSameOrigin(req);
  const user = await acceptInvitation(await jsonBody(req));
  const { secret } = await openSession(user.id);
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  return Response.json({ username: user.username, isAdmin: user.isAdmin }, { status: 201, headers: { "set-cookie": sessionCookie(secret, { secure }) } });
});
