// The dashboard's view of the session cookie, for server components and layouts.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { findSession, SESSION_COOKIE } from "@/lib/auth/sessions.ts";

/** Read once per request however many components ask. */
export const getSession = cache(async () => findSession((await cookies()).get(SESSION_COOKIE)?.value));

export async function requireSession() {
  const session = await getSession();
  if (!session) redirect("/login");
  return session;
}

/** Where the browser reached Berth, for commands a user copies (git remotes, invitation links). */
export async function siteOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
