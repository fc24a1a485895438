import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { changePassword } from "@/lib/auth/account.ts";
import { findSession, readCookie, SESSION_COOKIE } from "@/lib/auth/sessions.ts";

// `{"currentPassword","newPassword"}`. The session that asked stays signed in; the others end.
export const PUT = apiRoute(async ({ req, actor }) => {
  const session = await findSession(readCookie(req.headers.get("cookie"), SESSION_COOKIE));
  await changePassword(actor, await jsonBody(req), session?.actor.id === actor.id ? session.id : undefined);
});
