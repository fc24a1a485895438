// Finding add-ons, and what a stored add-on is to its service. An add-on belongs to the owner of
// the app it was created on, whoever clicked; others (except admins, and collaborators of an app
// it is attached to, while they collaborate) are told it does not exist, like apps.
import type { Actor } from "../auth/users.ts";
import { db } from "../db.ts";
import { forbidden, notFound } from "../errors.ts";
import type { Addon } from "../generated/prisma/client.ts";
import { openCredentials } from "./credentials.ts";
import { findPlan, findService } from "./registry.ts";
import { addonName } from "./schemas.ts";
import type { AddonService, AddonSpec } from "./services/types.ts";

export const withAttachments = {
  attachments: { include: { app: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
  owner: { select: { username: true } },
} as const;

// Who may use an add-on (see its credentials, back it up, restore, change its plan): its owner, an
// admin, and — as on Heroku — whoever owns or collaborates on an app it is attached to.
const usableBy = (actor: Actor) =>
  actor.isAdmin
    ? {}
    : { OR: [{ ownerId: actor.id }, { attachments: { some: { app: { OR: [{ ownerId: actor.id }, { collaborators: { some: { userId: actor.id } } }] } } } }] };

export async function findAddon(actor: Actor, name: string) {
  const addon = addonName.safeParse(name).success ? await db.addon.findFirst({ where: { name, ...usableBy(actor) }, include: withAttachments }) : null;
  if (!addon) throw notFound(`no add-on named ${name.slice(0, 40)}`);
  return addon;
}

/** For what only the add-on's owner or an admin may do: destroy it, attach it to another app. */
export async function findOwnedAddon(actor: Actor, name: string) {
  const addon = await findAddon(actor, name);
  if (addon.ownerId !== actor.id && !actor.isAdmin) throw forbidden(`only the owner of ${addon.name} or an admin can do this`);
  return addon;
}

export async function listAddons(actor: Actor) {
  return db.addon.findMany({ where: usableBy(actor), include: withAttachments, orderBy: { name: "asc" } });
}

/** The service and the service's view of a stored add-on (credentials opened). */
export function describeAddon(addon: Pick<Addon, "name" | "service" | "plan" | "options" | "credentials">): { service: AddonService; spec: AddonSpec } {
  const service = findService(addon.service);
  return {
    service,
    spec: { name: addon.name, plan: findPlan(service, addon.plan), options: JSON.parse(addon.options) as Record<string, unknown>, credentials: openCredentials(addon.credentials) },
  };
}


/** The config vars an attachment under `as` sets: {REDIS_URL: …, REDIS_REPLICA_URLS: …}. */
export function attachmentVars(service: AddonService, spec: AddonSpec, as: string): Record<string, string> {
  return Object.fromEntries(Object.entries(service.configVars(spec)).map(([suffix, value]) => [`${as}_${suffix}`, value]));
}
