// The provision job: image, volume, containers, a wait until the service accepts connections,
// then the attachments' config vars. All or nothing: a failure ends in state `failed` with the
// reason, and the containers, network and volume it made are removed. The attachment rows stay
// (no config var was set), so the app lists the failed add-on and why until it is destroyed.
import { changeConfigVars } from "../config/set-config-vars.ts";
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { settings } from "../env.ts";
import { recordEvent } from "../logs/record-event.ts";
import { addonImage } from "./addon-images.ts";
import { removeAddonObjects, startAddonContainers, waitUntilAddonReady } from "./addon-containers.ts";
import { addonHost, attachmentVars, describeAddon, withAttachments } from "./addons.ts";

// The attachment waits for a deploy of the app that is running (a build may take its whole time).
const ATTACH_WAIT_MS = () => settings.buildTimeoutMs + 5 * 60_000;

export async function provisionAddon(addonId: string): Promise<void> {
  const addon = await db.addon.findUnique({ where: { id: addonId }, include: withAttachments });
  if (!addon || addon.state !== "provisioning") return; // a retried job whose work is done
  const { service, spec } = describeAddon(addon);
  const host = await addonHost(addon);
  const actor = addon.owner.username;
  const phases = phaseTimer(addon.createdAt.getTime());
  try {
    const image = await addonImage(service.name);
    phases.mark("image");
    await startAddonContainers(host, service, spec, image, addon.attachments.map((a) => a.app));
    phases.mark("containers");
    await waitUntilAddonReady(host, service, spec);
    phases.mark("ready");
    // Last: an app gets the URL only once the add-on answers.
    for (const a of addon.attachments) {
      await retryWhileDatabaseBusy(() =>
        changeConfigVars(a.app, attachmentVars(service, spec, a.as), { actor, summary: `${actor} attached ${addon.name} as ${a.as}`, waitMs: ATTACH_WAIT_MS() }),
      );
    }
    phases.mark("attached");
    await db.addon.update({ where: { id: addon.id }, data: { state: "available", error: null } });
    console.log(`[addon] ${addon.name} available after ${phases.summary()} since the request`);
    for (const a of addon.attachments) await recordEvent(a.app.id, `${addon.name} (${service.name}) provisioned, attached as ${a.as}`, "addons");
  } catch (err) {
    let reason = (err as Error).message;
    await removeAddonObjects(host, addon.name, { volume: true }).catch((cleanup: Error) => {
      reason += `; removing its containers and volume failed too: ${cleanup.message}`;
    });
    await db.addon.update({ where: { id: addon.id }, data: { state: "failed", error: `provisioning failed: ${reason}`.slice(0, 2000) } });
    for (const a of addon.attachments) await recordEvent(a.app.id, `provisioning ${addon.name} (${service.name}) failed: ${reason}`.slice(0, 500), "addons");
    throw err;
  }
}

/** "2.1 s (queued 0.1, image 0.0, containers 0.6, ready 1.2, attached 0.2)", from the add-on's creation. */
function phaseTimer(createdAt = Date.now()) {
  const marks: Array<[string, number]> = [["queued", Date.now()]];
  return {
    mark: (name: string) => marks.push([name, Date.now()]),
    summary: () => {
      const parts = marks.map(([name, at], i) => `${name} ${((at - (i ? marks[i - 1]![1] : createdAt)) / 1000).toFixed(1)}`);
      return `${((marks.at(-1)![1] - createdAt) / 1000).toFixed(1)} s (${parts.join(", ")})`;
    },
  };
}

/**
 * SQLite has one writer: on a loaded machine another process (web, collector) can hold the lock
 * past the driver's busy timeout, and a whole provisioning would fail for it. Tried again a few times.
 */
async function retryWhileDatabaseBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const busy = err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P1008";
      if (!busy || attempt === 3) throw err;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}
