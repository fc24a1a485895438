// Finding add-ons, and what a stored add-on is to its service. An add-on belongs to the user who
// provisioned it; others (except admins) are told it does not exist, like apps.
import type { Actor } from "../auth/users.ts";
import { db } from "../db.ts";
import { notFound } from "../errors.ts";
import type { Addon } from "../generated/prisma/client.ts";
import { localHost, hostById } from "../hosts.ts";
import type { HostRef } from "../docker/runtime.ts";
import { openCredentials } from "./credentials.ts";
import { findPlan, findService } from "./registry.ts";
import { addonName } from "./schemas.ts";
import type { AddonService, AddonSpec } from "./services/types.ts";

export const withAttachments = { attachments: { include: { app: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } } } as const;

export async function findAddon(actor: Actor, name: string) {
  const addon = addonName.safeParse(name).success ? await db.addon.findUnique({ where: { name }, include: withAttachments }) : null;
  if (!addon || (addon.ownerId !== actor.id && !actor.isAdmin)) throw notFound(`no add-on named ${name.slice(0, 40)}`);
  return addon;
}

export async function listAddons(actor: Actor) {
  return db.addon.findMany({ where: actor.isAdmin ? {} : { ownerId: actor.id }, include: withAttachments, orderBy: { name: "asc" } });
}

/** The service and the service's view of a stored add-on (credentials opened). */
export function describeAddon(addon: Pick<Addon, "name" | "service" | "plan" | "options" | "credentials">): { service: AddonService; spec: AddonSpec } {
  const service = findService(addon.service);
  return {
    service,
    spec: { name: addon.name, plan: findPlan(service, addon.plan), options: JSON.parse(addon.options) as Record<string, unknown>, credentials: openCredentials(addon.credentials) },
  };
}

/** The Docker host an add-on runs on. */
export const addonHost = (addon: Pick<Addon, "hostId">): Promise<HostRef> => (addon.hostId ? hostById(addon.hostId) : localHost());

/** The config vars an attachment under `as` sets: {REDIS_URL: …, REDIS_REPLICA_URLS: …}. */
export function attachmentVars(service: AddonService, spec: AddonSpec, as: string): Record<string, string> {
  return Object.fromEntries(Object.entries(service.configVars(spec)).map(([suffix, value]) => [`${as}_${suffix}`, value]));
}
