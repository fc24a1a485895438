// A user's API tokens (for the CLI, git and scripts): list, create (the secret is shown once), revoke.
import { db } from "../db.ts";
import { notFound } from "../errors.ts";
import { hashToken, newToken } from "./passwords.ts";
import { createTokenInput } from "./schemas.ts";
import type { Actor } from "./users.ts";

export async function listTokens(actor: Actor) {
  const rows = await db.apiToken.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" }, take: 500 });
  return rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt }));
}

/** Returns the token itself: it is stored only as a hash, so this is the one time it is seen. */
export async function createToken(actor: Actor, body: unknown) {
  const { name } = createTokenInput.parse(body);
  const token = newToken();
  const row = await db.apiToken.create({ data: { userId: actor.id, name, tokenHash: hashToken(token) } });
  return { id: row.id, name: row.name, createdAt: row.createdAt, lastUsedAt: null, token };
}

export async function revokeToken(actor: Actor, id: string): Promise<void> {
  const { count } = await db.apiToken.deleteMany({ where: { id, userId: actor.id } });
  if (count === 0) throw notFound("no such token (it may already be revoked)");
}
