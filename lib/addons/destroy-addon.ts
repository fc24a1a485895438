// DELETE /addons/{name} {"confirm": "<name>"}: removes the containers, the data volume and the
// backups, for good. Refused while any app is attached, and without the name typed again.
import fs from "node:fs";
import type { Actor } from "../auth/users.ts";
import { db } from "../db.ts";
import { conflict, invalid } from "../errors.ts";
import { removeAddonObjects } from "./addon-containers.ts";
import { findOwnedAddon } from "./addons.ts";
import { addonHosts } from "./addon-hosts.ts";
import { addonDataDir } from "./backups/backup-files.ts";
import { confirmInput } from "./schemas.ts";

export async function destroyAddon(actor: Actor, name: string, body: unknown): Promise<void> {
  const addon = await findOwnedAddon(actor, name);
  const { confirm } = confirmInput.parse(body ?? {});
  // A failed add-on's attachments set nothing: they go with it.
  if (addon.attachments.length && addon.state !== "failed") {
    const apps = addon.attachments.map((a) => a.app.name).join(", ");
    throw conflict(`${addon.name} is still attached to ${apps}; detach it first (DELETE /api/v1/apps/{app}/addons/${addon.name})`);
  }
  if (confirm !== addon.name) throw invalid(`destroying ${addon.name} deletes its data and its backups for good; confirm with {"confirm": "${addon.name}"}`);
  // Claimed first, so no backup, restore or attachment starts on what is being removed.
  const claimed = await db.addon.updateMany({ where: { id: addon.id, state: { in: ["available", "failed"] } }, data: { state: "destroying" } });
  if (claimed.count === 0) throw conflict(`${addon.name} is ${addon.state}; destroy it once that has finished`);
  try {
    await removeAddonObjects(await addonHosts(addon), addon.name, { volume: true });
  } catch (err) {
    await db.addon.update({ where: { id: addon.id }, data: { state: addon.state } });
    throw err;
  }
  fs.rmSync(addonDataDir(addon.id), { recursive: true, force: true });
  await db.addon.delete({ where: { id: addon.id } });
}
