// Admins invite users with a link that holds a one-time secret (stored hashed, valid 7 days).
// Whoever opens it picks a user name and password and is signed in.
import crypto from "node:crypto";
import { db } from "../db.ts";
import { BerthError, conflict } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { hashPassword, hashToken } from "./passwords.ts";
import { acceptInvitationInput, createInvitationInput } from "./schemas.ts";
import type { Actor } from "./users.ts";

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export function assertAdmin(actor: Actor): void {
  if (!actor.isAdmin) throw new BerthError("forbidden", "only an admin can manage users and invitations");
}

export async function listInvitations(actor: Actor) {
  assertAdmin(actor);
  const rows = await db.invitation.findMany({ where: { usedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: "desc" }, take: 200 });
  return rows.map(({ id, createdBy, isAdmin, createdAt, expiresAt }) => ({ id, createdBy, isAdmin, createdAt, expiresAt }));
}

/** Returns the secret once; the link to share is /join#<secret> (a fragment never reaches logs). */
export async function createInvitation(actor: Actor, body: unknown) {
  assertAdmin(actor);
  const { isAdmin } = createInvitationInput.parse(body);
  const secret = `inv_${crypto.randomBytes(24).toString("base64url")}`;
  const row = await db.invitation.create({
    data: { secretHash: hashToken(secret), createdBy: actor.username, isAdmin, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
  });
  return { id: row.id, isAdmin: row.isAdmin, createdBy: row.createdBy, createdAt: row.createdAt, expiresAt: row.expiresAt, secret, path: `/join#${secret}` };
}

export async function revokeInvitation(actor: Actor, id: string): Promise<void> {
  assertAdmin(actor);
  await db.invitation.deleteMany({ where: { id, usedAt: null } });
}

/** Creates the invited user; the invitation is spent in the same transaction, so it works once. */
export async function acceptInvitation(body: unknown) {
  const input = acceptInvitationInput.parse(body);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const spent = await tx.invitation.updateMany({
        where: { secretHash: hashToken(input.invitation), usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (spent.count === 0) throw new BerthError("invalid", "this invitation link is not valid: it was used, revoked or has expired; ask an admin for a new one");
      const invitation = await tx.invitation.findUniqueOrThrow({ where: { secretHash: hashToken(input.invitation) } });
      return tx.user.create({ data: { username: input.username, passwordHash, isAdmin: invitation.isAdmin } });
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict(`the user name ${input.username} is taken; choose another`);
    throw err;
  }
}

export async function listUsers(actor: Actor) {
  assertAdmin(actor);
  const rows = await db.user.findMany({ orderBy: { username: "asc" }, take: 1000, include: { _count: { select: { apps: true } } } });
  return rows.map((u) => ({ username: u.username, isAdmin: u.isAdmin, createdAt: u.createdAt, apps: u._count.apps }));
}
