// The schedule's sweep, run once a minute by a BullMQ job scheduler: every available add-on
// whose backup is due gets a scheduled one.
import { db } from "../../db.ts";
import { startBackup } from "./create-backup.ts";
import { backupDue } from "./schedule.ts";

export async function sweepBackupSchedule(now = new Date()): Promise<void> {
  const addons = await db.addon.findMany({ where: { state: "available", backupSchedule: { not: "off" } } });
  const failures: Error[] = [];
  for (const addon of addons.filter((a) => backupDue(a, now))) {
    const running = await db.backup.findFirst({ where: { addonId: addon.id, state: "running" } });
    // One add-on that cannot start its backup does not hold up the others.
    if (!running) await startBackup(addon, "scheduled").catch((err: Error) => failures.push(err));
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} scheduled backup(s) could not start: ${failures.map((e) => e.message).join("; ")}`);
}
