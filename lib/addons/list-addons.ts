// Reading add-ons: all of the actor's, those of one app, and one (credentials on request).
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { db } from "../db.ts";
import { notFound } from "../errors.ts";
import { addonView, appAddonView } from "./addon-view.ts";
import { addonContainerStates } from "./addon-containers.ts";
import { findAddon, listAddons, withAttachments } from "./addons.ts";
import { addonHosts } from "./addon-hosts.ts";

export async function listAllAddons(actor: Actor) {
  return (await listAddons(actor)).map((a) => addonView(a));
}

/** One add-on, with its containers as Docker sees them. */
export async function showAddon(actor: Actor, name: string, opts: { credentials?: boolean } = {}) {
  const addon = await findAddon(actor, name);
  return { ...addonView(addon, opts), containers: await addonContainerStates(await addonHosts(addon), addon.name) };
}

export async function listAppAddons(actor: Actor, appName: string) {
  const app = await findApp(actor, appName);
  const addons = await db.addon.findMany({ where: { attachments: { some: { appId: app.id } } }, include: withAttachments, orderBy: { name: "asc" } });
  return addons.map((a) => appAddonView(a, app.name));
}

/** Whoever may use the app sees the add-ons attached to it (its config holds their URLs anyway). */
export async function showAppAddon(actor: Actor, appName: string, name: string, opts: { credentials?: boolean } = {}) {
  const app = await findApp(actor, appName);
  const addon = await db.addon.findFirst({ where: { name, attachments: { some: { appId: app.id } } }, include: withAttachments });
  if (!addon) throw notFound(`${app.name} has no add-on ${name.slice(0, 40)} attached`);
  return { ...appAddonView(addon, app.name, opts), containers: await addonContainerStates(await addonHosts(addon), addon.name) };
}
