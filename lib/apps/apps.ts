// Apps: create, find, list. Deleting lives in delete-app.ts (it touches Docker and the router).
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { conflict, notFound } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { appName } from "./schemas.ts";

export async function createApp(actor: Actor, name: string) {
  appName.parse(name);
  try {
    return await db.app.create({
      data: {
        name,
        ownerId: actor.id,
        formation: { create: [{ type: "web", quantity: 1, size: "standard" }] },
        configs: { create: [{ values: "" }] },
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw conflict(`the app name ${name} is taken`);
    }
    throw err;
  }
}

export async function findApp(actor: Actor, name: string) {
  const app = appName.safeParse(name).success ? await db.app.findUnique({ where: { name } }) : null;
  // Someone else's app is reported as missing, like an unknown one.
  if (!app || (app.ownerId !== actor.id && !actor.isAdmin)) throw notFound(`no app named ${name}`);
  return app;
}

export async function listApps(actor: Actor) {
  return db.app.findMany({ where: actor.isAdmin ? {} : { ownerId: actor.id }, orderBy: { name: "asc" } });
}

export const appUrl = (name: string) =>
  `http://${name}.${settings.domain}${settings.routerPort === 80 ? "" : `:${settings.routerPort}`}/`;
