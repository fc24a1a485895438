// Restoring a backup replaces the add-on's data with the dump's. The request claims the add-on
// (state `restoring`, so no backup or second restore runs meanwhile) and queues the work; the job
// hands the dump to the service and puts the add-on back to `available`, with the error if it failed.
import fs from "node:fs";
import type { Actor } from "../../auth/users.ts";
import { db } from "../../db.ts";
import { conflict, invalid } from "../../errors.ts";
import { enqueueAddonJob } from "../../queue/queues.ts";
import { addonView } from "../addon-view.ts";
import { primaryContainer } from "../addon-containers.ts";
import { describeAddon, withAttachments } from "../addons.ts";
import { addonHosts } from "../addon-hosts.ts";
import { confirmInput } from "../schemas.ts";
import { absoluteBackupPath } from "./backup-files.ts";
import { findBackup } from "./backups.ts";

/** POST /addons/{name}/backups/{id}/restore {"confirm": "<name>"} */
export async function requestRestore(actor: Actor, addonName: string, backupId: string, body: unknown) {
  const { addon, backup } = await findBackup(actor, addonName, backupId);
  const { confirm } = confirmInput.parse(body ?? {});
  if (backup.state !== "succeeded") throw conflict(`backup ${backup.id} is ${backup.state}; only a finished backup can be restored`);
  if (confirm !== addon.name) throw invalid(`restoring replaces all of ${addon.name}'s data with the backup's; confirm with {"confirm": "${addon.name}"}`);
  const running = await db.backup.findFirst({ where: { addonId: addon.id, state: "running" } });
  if (running) throw conflict(`a backup of ${addon.name} is running; restore once it has finished`);
  const claimed = await db.addon.updateMany({ where: { id: addon.id, state: "available" }, data: { state: "restoring", error: null } });
  if (claimed.count === 0) throw conflict(`${addon.name} is ${addon.state}; restore once it is available`);
  // Read before the job is queued: a small dump is restored in milliseconds, and the answer is
  // what was accepted (202 restoring), not whatever the worker reached meanwhile.
  const view = addonView(await db.addon.findUniqueOrThrow({ where: { id: addon.id }, include: withAttachments }));
  try {
    // The claim makes a second restore impossible until this one ends; the time only makes the id unique.
    await enqueueAddonJob({ name: "restore", backupId: backup.id }, `restore-${backup.id}-${Date.now()}`);
  } catch (err) {
    await db.addon.update({ where: { id: addon.id }, data: { state: "available" } });
    throw err;
  }
  return view;
}

export async function runRestore(backupId: string): Promise<void> {
  const backup = await db.backup.findUnique({ where: { id: backupId }, include: { addon: true } });
  if (!backup || backup.addon.state !== "restoring" || !backup.path) return;
  const { addon } = backup;
  const { service, spec } = describeAddon(addon);
  try {
    await service.restore(spec, primaryContainer(await addonHosts(addon), service, spec), fs.createReadStream(absoluteBackupPath(backup.path)));
    await db.addon.update({ where: { id: addon.id }, data: { state: "available", error: null } });
  } catch (err) {
    await db.addon.update({ where: { id: addon.id }, data: { state: "available", error: `restoring backup ${backup.id} failed: ${(err as Error).message}`.slice(0, 2000) } });
    throw err;
  }
}
