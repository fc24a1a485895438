// Dashboard sessions. The browser holds a random secret in an httpOnly cookie; the database holds
// only its SHA-256, so a leaked database row cannot be replayed. Each session also has a CSRF
// token that the page sends back in a header with every change (the synchroniser-token pattern).
import crypto from "node:crypto";
import { db } from "../db.ts";
import { BerthError } from "../errors.ts";
import { hashToken } from "./passwords.ts";
import { verifyCredentials, type Actor } from "./users.ts";
import { loginInput } from "./schemas.ts";

export const SESSION_COOKIE = "berth_session";
export const CSRF_HEADER = "x-csrf-token";
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export interface DashboardSession {
  id: string;
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
}

const randomSecret = () => crypto.randomBytes(32).toString("base64url");

/**
 * Checks the password (throttled per name and `address`, the caller's) and opens a session; the
 * secret goes into the cookie and nowhere else.
 */
export async function logIn(body: unknown, address: string): Promise<{ secret: string; session: DashboardSession }> {
  const { username, password } = loginInput.parse(body);
  const user = await verifyCredentials(username, password, address);
  return openSession(user.id);
}

export async function openSession(userId: string): Promise<{ secret: string; session: DashboardSession }> {
  const secret = randomSecret();
  const row = await db.session.create({
    data: { userId, secretHash: hashToken(secret), csrfToken: randomSecret(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
    include: { user: true },
  });
  // Now and then, forget sessions that ran out (no scheduler needed for a small table).
  if (Math.random() < 0.05) await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return { secret, session: toSession(row) };
}

/** The live session for a cookie secret, or null (unknown, or expired). */
export async function findSession(secret: string | null | undefined): Promise<DashboardSession | null> {
  if (!secret || secret.length > 200) return null;
  const row = await db.session.findUnique({ where: { secretHash: hashToken(secret) }, include: { user: true } });
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  return toSession(row);
}

export async function logOut(secret: string | null | undefined): Promise<void> {
  if (!secret) return;
  await db.session.deleteMany({ where: { secretHash: hashToken(secret) } });
}

/** Ends every session of a user but one (after a password change). */
export async function endOtherSessions(userId: string, keepId?: string): Promise<void> {
  await db.session.deleteMany({ where: { userId, ...(keepId ? { id: { not: keepId } } : {}) } });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Authenticates an API request made with the session cookie. Changes (anything but GET/HEAD)
 * must carry the session's CSRF token in a header, which a cross-site form cannot send, and an
 * Origin, when the browser sends one, must be this site's.
 */
export async function authenticateSessionRequest(req: Request, secret: string): Promise<Actor> {
  const session = await findSession(secret);
  if (!session) throw new BerthError("unauthorized", "your session has ended: log in again");
  if (!SAFE_METHODS.has(req.method.toUpperCase())) {
    assertSameOrigin(req);
    const sent = req.headers.get(CSRF_HEADER) ?? "";
    if (!safeEqual(sent, session.csrfToken)) throw new BerthError("forbidden", "the request lacks this session's CSRF token: reload the page and try again");
  }
  return session.actor;
}

/** Refuses a request whose Origin header names another site. */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  if (!origin) return;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (originHost !== host) throw new BerthError("forbidden", "cross-site requests are refused");
}

/** The Set-Cookie value that stores (or, with no secret, clears) the session cookie. */
export function sessionCookie(secret: string | null, opts: { secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${secret ?? ""}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${secret ? Math.floor(SESSION_TTL_MS / 1000) : 0}`];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function toSession(row: { id: string; csrfToken: string; expiresAt: Date; user: { id: string; username: string; isAdmin: boolean } }): DashboardSession {
  return { id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt, actor: { id: row.user.id, username: row.user.username, isAdmin: row.user.isAdmin } };
}
