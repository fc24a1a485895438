// An app's collaborators: other users who may deploy and manage it. Only the owner (or an admin)
// adds or removes them; collaborators may see who else collaborates.
import { z } from "zod";
import { db } from "../db.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { findApp, findOwnedApp } from "./apps.ts";

export const addCollaboratorInput = z.object({ username: z.string().trim().min(1, "give the user name of the collaborator").max(100) }).strict();

export async function listCollaborators(actor: Actor, appName: string) {
  const app = await findApp(actor, appName);
  const [owner, rows] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: app.ownerId }, select: { username: true } }),
    db.collaborator.findMany({ where: { appId: app.id }, include: { user: { select: { username: true } } }, orderBy: { createdAt: "asc" } }),
  ]);
  return { owner: owner.username, collaborators: rows.map((c) => ({ username: c.user.username, createdAt: c.createdAt })) };
}

export async function addCollaborator(actor: Actor, appName: string, body: unknown) {
  const app = await findOwnedApp(actor, appName);
  const { username } = addCollaboratorInput.parse(body);
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw invalid(`username: there is no user named ${username} (an admin can invite them)`);
  if (user.id === app.ownerId) throw invalid(`username: ${username} owns ${app.name} already`);
  const existing = await db.collaborator.findUnique({ where: { appId_userId: { appId: app.id, userId: user.id } } });
  if (existing) throw conflict(`${username} already collaborates on ${app.name}`);
  const row = await db.collaborator.create({ data: { appId: app.id, userId: user.id } });
  return { username, createdAt: row.createdAt };
}

export async function removeCollaborator(actor: Actor, appName: string, username: string): Promise<void> {
  const app = await findOwnedApp(actor, appName);
  const user = await db.user.findUnique({ where: { username } });
  const { count } = user ? await db.collaborator.deleteMany({ where: { appId: app.id, userId: user.id } }) : { count: 0 };
  if (count === 0) throw notFound(`${username.slice(0, 100)} does not collaborate on ${app.name}`);
}
