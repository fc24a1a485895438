// An admin deletes a user: DELETE /users/{username} {"confirm": "<username>", "transferAppsTo"?}.
// With transferAppsTo, the user's apps and add-ons change owner and keep running; without it,
// their apps are deleted (lib/apps/delete-app.ts) and so are their add-ons that no other app uses —
// nothing of theirs is left behind. Their add-ons attached to other users' apps go to those apps'
// owners. Their tokens, sessions and collaborations end with them. Refused for oneself and for
// the last admin; every refusal comes before anything changes.
import { db } from "../db.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { deleteApp } from "../apps/delete-app.ts";
import { destroyAddon } from "../addons/destroy-addon.ts";
import { assertAdmin } from "./invitations.ts";
import { forgetLoginAddresses } from "./login-throttle.ts";
import { deleteUserInput } from "./schemas.ts";
import type { Actor } from "./users.ts";

export interface DeletedUser {
  username: string;
  appsDeleted: string[];
  appsTransferred: string[];
  addonsDestroyed: string[];
  transferredTo: string | null;
}

// Add-ons in these states can be handed over or destroyed; the others are mid-change.
const SETTLED = ["available", "failed"];

export async function deleteUser(actor: Actor, username: string, body: unknown): Promise<DeletedUser> {
  assertAdmin(actor);
  const input = deleteUserInput.parse(body ?? {});
  const user = await db.user.findUnique({
    where: { username },
    include: { apps: { select: { id: true, name: true } }, addons: { select: { name: true, state: true } } },
  });
  if (!user) throw notFound(`no user named ${username}`);
  if (user.id === actor.id) throw conflict("you cannot delete your own account; another admin can");
  const target = input.transferAppsTo === undefined ? null : await db.user.findUnique({ where: { username: input.transferAppsTo } });
  if (input.transferAppsTo !== undefined && !target) throw invalid(`transferAppsTo: no user named ${input.transferAppsTo}`);
  if (target?.id === user.id) throw invalid(`transferAppsTo: the apps must go to someone other than ${username}`);
  const fate = target ? `their apps and add-ons go to ${target.username}` : `their apps (${user.apps.length}) and the add-ons no other app uses are deleted for good`;
  if (input.confirm !== username) throw invalid(`deleting ${username}: ${fate}; confirm with {"confirm": "${username}"}`);
  const busy = user.addons.find((a) => !SETTLED.includes(a.state));
  if (busy) throw conflict(`${username}'s add-on ${busy.name} is ${busy.state}; delete the user once that has finished`);
  await assertNotLastAdmin(user);

  const result: DeletedUser = { username, appsDeleted: [], appsTransferred: [], addonsDestroyed: [], transferredTo: target?.username ?? null };
  if (target) {
    result.appsTransferred = user.apps.map((a) => a.name).sort();
    await db.$transaction(async (tx) => {
      await tx.app.updateMany({ where: { ownerId: user.id }, data: { ownerId: target.id } });
      await tx.addon.updateMany({ where: { ownerId: user.id }, data: { ownerId: target.id } });
      // An owner is not also a collaborator of their own app.
      await tx.collaborator.deleteMany({ where: { userId: target.id, appId: { in: user.apps.map((a) => a.id) } } });
      await deleteUserRow(tx, user);
    });
  } else {
    for (const app of user.apps) {
      await deleteApp(actor, app.name);
      result.appsDeleted.push(app.name);
    }
    const addons = await db.addon.findMany({ where: { ownerId: user.id }, include: { attachments: { include: { app: { select: { ownerId: true } } } } } });
    for (const addon of addons) {
      const appOwner = addon.attachments[0]?.app.ownerId;
      if (appOwner) {
        await db.addon.update({ where: { id: addon.id }, data: { ownerId: appOwner } });
      } else {
        await destroyAddon(actor, addon.name, { confirm: addon.name });
        result.addonsDestroyed.push(addon.name);
      }
    }
    await db.$transaction((tx) => deleteUserRow(tx, user));
  }
  await forgetLoginAddresses(username);
  return result;
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** In the transaction that deletes: two admins deleting each other at once must leave one. */
async function deleteUserRow(tx: Tx, user: { id: string; username: string; isAdmin: boolean }): Promise<void> {
  if (user.isAdmin && (await tx.user.count({ where: { isAdmin: true, id: { not: user.id } } })) === 0) throw lastAdmin(user.username);
  await tx.user.delete({ where: { id: user.id } });
}

async function assertNotLastAdmin(user: { id: string; username: string; isAdmin: boolean }): Promise<void> {
  if (user.isAdmin && (await db.user.count({ where: { isAdmin: true, id: { not: user.id } } })) === 0) throw lastAdmin(user.username);
}

const lastAdmin = (username: string) => conflict(`${username} is the last admin; make another admin first (invite one as an admin)`);
