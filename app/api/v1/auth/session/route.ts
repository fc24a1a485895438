// The dashboard's session: POST logs in (sets the httpOnly cookie), GET says who is signed in,
// DELETE logs out.
import { apiRoute, errorResponse, jsonBody, publicRoute } from "@/lib/api/handler.ts";
import { BerthError } from "@/lib/errors.ts";
import { clientAddress } from "@/lib/auth/client-address.ts";
import { assertSameOrigin, authenticateSessionRequest, logIn, logOut, readCookie, SESSION_COOKIE, sessionCookie } from "@/lib/auth/sessions.ts";

export const dynamic = "force-dynamic";

const isHttps = (req: Request) => new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";

export const GET = apiRoute(async ({ actor }) => ({ username: actor.username, isAdmin: actor.isAdmin }));

export const POST = publicRoute(async (req) => {
  // A login form on another site must not sign the browser in to an attacker's account.
  assertSameOrigin(req);
  const { secret, session } = await logIn(await jsonBody(req), clientAddress(req));
  return Response.json(
    { username: session.actor.username, isAdmin: session.actor.isAdmin, expiresAt: session.expiresAt },
    { status: 201, headers: { "set-cookie": sessionCookie(secret, { secure: isHttps(req) }), "cache-control": "no-store" } },
  );
});

export const DELETE = async (req: Request): Promise<Response> => {
  const secret = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
  try {
    if (secret) await authenticateSessionRequest(req, secret);
  } catch (err) {
    // An ended session logs out fine; a missing CSRF token does not.
    if (!(err instanceof BerthError && err.code === "unauthorized")) return errorResponse(err);
  }
  await logOut(secret);
  return new Response(null, { status: 204, headers: { "set-cookie": sessionCookie(null, { secure: isHttps(req) }) } });
};
