// Attaching an add-on to an app sets its config vars (<AS>_URL, …) and puts the add-on on the
// app's network; detaching undoes both. Each is a config change: a new release, deployed.
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { USER_REQUEST_WAIT_MS } from "../apps/deploy-lock.ts";
import { changeConfigVars, currentConfigVars } from "../config/set-config-vars.ts";
import { db } from "../db.ts";
import { conflict, notFound } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { leaveAppNetwork, joinAppNetwork } from "./addon-containers.ts";
import { attachmentVars, describeAddon, findOwnedAddon, withAttachments } from "./addons.ts";
import { addonHosts } from "./addon-hosts.ts";
import { attachInput } from "./schemas.ts";

type App = { id: string; name: string };

/**
 * Refuses an attachment that would clash: another add-on attached as `as`, or config vars the
 * app's users set themselves (an attachment never overwrites them). An add-on whose provisioning
 * failed keeps its attachment (so the app shows it, and why) but does not hold the name.
 */
export async function assertCanAttach(app: App, as: string, vars: string[]): Promise<void> {
  const taken = await db.addonAttachment.findUnique({ where: { appId_as: { appId: app.id, as } }, include: { addon: { select: { name: true, state: true } } } });
  if (taken && taken.addon.state !== "failed") throw conflict(`${app.name} already has ${taken.addon.name} attached as ${as}; choose another name with "as"`);
  const config = await currentConfigVars(app.id);
  const set = vars.filter((v) => v in config);
  if (set.length) throw conflict(`${app.name} already sets ${set.join(", ")}; unset it first or attach under another name with "as"`);
}

/** A failed add-on's attachment gives way to a new one under the same name. */
export async function releaseFailedAttachment(app: App, as: string): Promise<void> {
  await db.addonAttachment.deleteMany({ where: { appId: app.id, as, addon: { state: "failed" } } });
}

/** Inserts the attachment row; the unique indexes settle a race between two requests. */
export async function insertAttachment(addonId: string, app: App, as: string) {
  await releaseFailedAttachment(app, as);
  try {
    return await db.addonAttachment.create({ data: { addonId, appId: app.id, as } });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict(`${app.name} already has an add-on attached as ${as}, or this one already`);
    throw err;
  }
}

/** POST /addons/{name}/attachments {"app", "as"?} */
export async function attachAddon(actor: Actor, name: string, body: unknown) {
  // Attaching hands the credentials to another app: the owner's call.
  const addon = await findOwnedAddon(actor, name);
  const input = attachInput.parse(body);
  const app = await findApp(actor, input.app);
  if (addon.state !== "available") throw conflict(`${addon.name} is ${addon.state}; attach it once it is available`);
  const existing = addon.attachments.find((a) => a.appId === app.id);
  if (existing) throw conflict(`${addon.name} is already attached to ${app.name} as ${existing.as}`);
  const { service, spec } = describeAddon(addon);
  const as = input.as ?? service.defaultAs;
  const vars = attachmentVars(service, spec, as);
  await assertCanAttach(app, as, Object.keys(vars));
  const attachment = await insertAttachment(addon.id, app, as);
  const hosts = await addonHosts(addon);
  try {
    await joinAppNetwork(hosts, service, spec, app);
    const { release } = await changeConfigVars(app, vars, { actor: actor.username, summary: `${actor.username} attached ${addon.name} as ${as}`, waitMs: USER_REQUEST_WAIT_MS });
    return { addon: addon.name, app: app.name, as, configVars: Object.keys(vars), release };
  } catch (err) {
    // Undone so the request changes nothing; the error that made it fail is what the user sees.
    await db.addonAttachment.delete({ where: { id: attachment.id } }).catch(() => undefined);
    await leaveAppNetwork(hosts, service, spec, app).catch(() => undefined);
    throw err;
  }
}

/**
 * DELETE /addons/{name}/attachments/{app} and DELETE /apps/{app}/addons/{name}: the vars go, in a
 * new release. Whoever may change the app's config may detach.
 */
export async function detachAddon(actor: Actor, name: string, appName: string) {
  const app = await findApp(actor, appName);
  const addon = await db.addon.findFirst({ where: { name, attachments: { some: { appId: app.id } } }, include: withAttachments });
  const attachment = addon?.attachments.find((a) => a.appId === app.id);
  if (!addon || !attachment) throw notFound(`${app.name} has no add-on ${name.slice(0, 40)} attached`);
  // Provisioning sets the vars at its end; detaching meanwhile would race it.
  if (addon.state === "provisioning") throw conflict(`${addon.name} is still provisioning; detach it once it is available`);
  const { service, spec } = describeAddon(addon);
  if (addon.state === "failed") {
    // Its vars were taken back when it failed and its containers are gone: only the row remains.
    await db.addonAttachment.delete({ where: { id: attachment.id } });
    return { addon: addon.name, app: app.name, as: attachment.as, configVars: [], release: null };
  }
  const unset = Object.fromEntries(Object.keys(attachmentVars(service, spec, attachment.as)).map((k) => [k, null]));
  const { release } = await changeConfigVars(app, unset, { actor: actor.username, summary: `${actor.username} detached ${addon.name} (${attachment.as})`, waitMs: USER_REQUEST_WAIT_MS });
  await db.addonAttachment.delete({ where: { id: attachment.id } });
  await leaveAppNetwork(await addonHosts(addon), service, spec, app);
  return { addon: addon.name, app: app.name, as: attachment.as, configVars: Object.keys(unset), release };
}

/** Before an app's network is removed with the app: its add-ons leave it (they live on, detached). */
export async function leaveDeletedApp(app: App): Promise<void> {
  const attachments = await db.addonAttachment.findMany({ where: { appId: app.id }, include: { addon: true } });
  for (const { addon } of attachments) {
    const { service, spec } = describeAddon(addon);
    await leaveAppNetwork(await addonHosts(addon), service, spec, app);
  }
}

/**
 * Every available add-on attached to the app answers on the app's network — called as a release
 * goes out, so add-ons rejoin a network made anew (apps' networks are named after their id now;
 * add-ons attached before sit on the old one).
 */
export async function joinAttachedAddons(app: { id: string; name: string }): Promise<void> {
  const attachments = await db.addonAttachment.findMany({ where: { appId: app.id, addon: { state: "available" } }, include: { addon: true } });
  for (const { addon } of attachments) {
    const { service, spec } = describeAddon(addon);
    await joinAppNetwork(await addonHosts(addon), service, spec, app);
  }
}
