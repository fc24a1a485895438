// Apps: create, find, list. Deleting lives in delete-app.ts (it touches Docker and the router).
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { conflict, forbidden, notFound } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { checkAppQuota } from "../limits/app-quota.ts";
import { countNameAttempt, forgiveNameAttempt } from "../limits/name-probes.ts";
import { appName, newAppName } from "./schemas.ts";

/**
 * A new app owned by the actor. Refused past the actor's app quota, and (429) once the actor has run
 * into too many taken names: a taken name tells a stranger that someone's app has it.
 */
export async function createApp(actor: Actor, name: string) {
  newAppName.parse(name);
  await checkAppQuota(actor);
  await countNameAttempt(actor);
  try {
    // Counted and created in one (write-locked) transaction: requests sent together cannot all
    // pass the count.
    const app = await db.$transaction(async (tx) => {
      await checkAppQuota(actor, tx);
      return tx.app.create({
        data: {
          name,
          ownerId: actor.id,
          formation: { create: [{ type: "web", quantity: 1, size: "standard" }] },
          configs: { create: [{ values: "" }] },
        },
      });
    });
    await forgiveNameAttempt(actor);
    return app;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw conflict(`the app name ${name} is taken`);
    }
    await forgiveNameAttempt(actor);
    throw err;
  }
}

/** The app, if the actor owns it, collaborates on it or is an admin. */
export async function findApp(actor: Actor, name: string) {
  const app = appName.safeParse(name).success
    ? await db.app.findUnique({ where: { name }, include: { collaborators: { where: { userId: actor.id }, select: { id: true } } } })
    : null;
  // Someone else's app is reported as missing, like an unknown one.
  if (!app || (app.ownerId !== actor.id && !actor.isAdmin && app.collaborators.length === 0)) throw notFound(`no app named ${name}`);
  const { collaborators: _, ...row } = app;
  return row;
}

/** The app, if the actor owns it or is an admin: collaborators may not delete it or change who collaborates. */
export async function findOwnedApp(actor: Actor, name: string) {
  const app = await findApp(actor, name);
  if (app.ownerId !== actor.id && !actor.isAdmin) throw forbidden(`only ${name}'s owner or an admin can do this`);
  return app;
}

/** The apps an actor may see: the ones it owns or collaborates on (an admin sees all). */
export const visibleApps = (actor: Actor) =>
  actor.isAdmin ? {} : { OR: [{ ownerId: actor.id }, { collaborators: { some: { userId: actor.id } } }] };

export async function listApps(actor: Actor) {
  return db.app.findMany({ where: visibleApps(actor), orderBy: { name: "asc" } });
}

export const appUrl = (name: string) =>
  `http://${name}.${settings.domain}${settings.routerPort === 80 ? "" : `:${settings.routerPort}`}/`;
