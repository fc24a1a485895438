// The provision job: image, volume, containers, and a wait until the service accepts connections.
// The attachments' config vars were set when the add-on was created (its releases wait for it);
// a failure ends in state `failed` with the reason, removes the containers, network and volume it
// made, and takes the vars back. The attachment rows stay, so the app lists the failed add-on and
// why until it is destroyed.
import { changeConfigVarsSoon } from "../config/set-config-vars.ts";
import { db } from "../db.ts";
import { recordEvent } from "../logs/record-event.ts";
import { addonImage } from "./addon-images.ts";
import { removeAddonObjects, startAddonContainers, waitUntilAddonReady } from "./addon-containers.ts";
import { attachmentVars, describeAddon, withAttachments } from "./addons.ts";
import { addonHosts } from "./addon-hosts.ts";

export async function provisionAddon(addonId: string): Promise<void> {
  const addon = await db.addon.findUnique({ where: { id: addonId }, include: withAttachments });
  if (!addon || addon.state !== "provisioning") return; // a retried job whose work is done
  const { service, spec } = describeAddon(addon);
  const hosts = await addonHosts(addon);
  const actor = addon.owner.username;
  const phases = phaseTimer(addon.createdAt.getTime());
  try {
    const image = await addonImage(service.name);
    phases.mark("image");
    await startAddonContainers(hosts, service, spec, image, addon.attachments.map((a) => a.app));
    phases.mark("containers");
    await waitUntilAddonReady(hosts, service, spec);
    phases.mark("ready");
    await db.addon.update({ where: { id: addon.id }, data: { state: "available", error: null } });
    console.log(`[addon] ${addon.name} available after ${phases.summary()} since the request`);
    for (const a of addon.attachments) await recordEvent(a.app.id, `${addon.name} (${service.name}) provisioned, attached as ${a.as}`, "addons");
  } catch (err) {
    let reason = (err as Error).message;
    await removeAddonObjects(hosts, addon.name, { volume: true }).catch((cleanup: Error) => {
      reason += `; removing its containers and volume failed too: ${cleanup.message}`;
    });
    // The vars go first: whoever sees the add-on failed sees a config without them.
    await takeBackVars(addon);
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

/** A failed add-on's attachments keep their rows but not their vars: they point at nothing. */
export async function takeBackVars(addon: Parameters<typeof describeAddon>[0] & { attachments: Array<{ as: string; app: { id: string; name: string } }> }): Promise<void> {
  const { service, spec } = describeAddon(addon);
  for (const a of addon.attachments) {
    const unset = Object.fromEntries(Object.keys(attachmentVars(service, spec, a.as)).map((k) => [k, null]));
    await changeConfigVarsSoon(a.app, unset, { actor: "berth", summary: `${addon.name} could not be provisioned: its vars are unset` }).catch((err: Error) =>
      console.error(`[addon] ${addon.name}: unsetting its vars on ${a.app.name} failed: ${err.message}`),
    );
  }
}
