// Users, API tokens and the first-start admin.
import { db } from "../db.ts";
import { BerthError } from "../errors.ts";
import { countLoginAttempt, recordLoginSuccess } from "./login-throttle.ts";
import { hashPassword, hashToken, newPassword, newToken, verifyPassword } from "./passwords.ts";

export interface Actor {
  id: string;
  username: string;
  isAdmin: boolean;
}

/** Creates the user `admin` when there is none. Returns the password only when it was generated now. */
export async function ensureAdmin(password = process.env.BERTH_ADMIN_PASSWORD): Promise<{ created: boolean; generatedPassword?: string }> {
  const existing = await db.user.findUnique({ where: { username: "admin" } });
  if (existing) return { created: false };
  const chosen = password && password.length > 0 ? password : newPassword();
  await db.user.create({ data: { username: "admin", passwordHash: await hashPassword(chosen), isAdmin: true } });
  return { created: true, generatedPassword: password ? undefined : chosen };
}

// Checked against when the user is unknown, so both failures take as long (no user enumeration).
let dummyHash: Promise<string> | undefined;

/**
 * The user with this name and password; the same error for an unknown user and a wrong password.
 * `address` is the caller's (clientAddress in lib/auth/client-address.ts): failures are throttled
 * per name and address (lib/auth/login-throttle.ts).
 */
export async function verifyCredentials(username: string, password: string, address: string) {
  const attempt = await countLoginAttempt(username, address);
  const user = await db.user.findUnique({ where: { username } });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword(newPassword()))));
  if (!user || !ok) throw new BerthError("unauthorized", "wrong username or password");
  await recordLoginSuccess(attempt);
  return user;
}

export async function issueToken(input: { username: string; password: string; name?: string }, address: string): Promise<string> {
  const user = await verifyCredentials(input.username, input.password, address);
  const token = newToken();
  await db.apiToken.create({ data: { userId: user.id, tokenHash: hashToken(token), name: input.name ?? "" } });
  return token;
}

export async function authenticateToken(token: string | undefined | null): Promise<Actor> {
  if (!token) throw new BerthError("unauthorized", "an API token is required (Authorization: Bearer <token>)");
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row) throw new BerthError("unauthorized", "the API token is not valid");
  // Shown on the account page; written at most once a minute so reads stay reads.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return { id: row.user.id, username: row.user.username, isAdmin: row.user.isAdmin };
}
