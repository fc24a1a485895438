// Starting a backup, by hand (POST /addons/{name}/backups) or by the schedule: a row in state
// `running` and a job. One backup of an add-on runs at a time, and none during a restore.
import type { Actor } from "../../auth/users.ts";
import { db } from "../../db.ts";
import { conflict } from "../../errors.ts";
import type { Addon } from "../../generated/prisma/client.ts";
import { enqueueAddonJob } from "../../queue/queues.ts";
import { findAddon } from "../addons.ts";
import { backupView } from "./backups.ts";

const ABANDONED_AFTER_MS = 4 * 60 * 60_000;

export async function createBackup(actor: Actor, addonName: string) {
  const addon = await findAddon(actor, addonName);
  return backupView(await startBackup(addon, "manual"));
}

export async function startBackup(addon: Pick<Addon, "id" | "name" | "state">, kind: "manual" | "scheduled") {
  if (addon.state !== "available") throw conflict(`${addon.name} is ${addon.state}; back it up once it is available`);
  // A backup running far longer than any dump may take lost its worker for good (its job too).
  await db.backup.updateMany({
    where: { addonId: addon.id, state: "running", createdAt: { lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
    data: { state: "failed", error: "abandoned: its worker went away", finishedAt: new Date() },
  });
  const running = await db.backup.findFirst({ where: { addonId: addon.id, state: "running" } });
  if (running) throw conflict(`a backup of ${addon.name} is already running (${running.id})`);
  const backup = await db.backup.create({ data: { addonId: addon.id, kind } });
  await db.addon.update({ where: { id: addon.id }, data: { lastBackupAt: backup.createdAt } });
  try {
    await enqueueAddonJob({ name: "backup", backupId: backup.id }, `backup-${backup.id}`);
  } catch (err) {
    await db.backup.update({ where: { id: backup.id }, data: { state: "failed", error: `could not be queued: ${(err as Error).message}`, finishedAt: new Date() } });
    throw err;
  }
  return backup;
}
