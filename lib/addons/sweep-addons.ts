// The add-ons' sweep, once a minute: scheduled backups that are due, and work that lost its
// worker for good (BullMQ runs a stalled job again, but not forever), so no add-on stays busy.
import { db } from "../db.ts";
import { removeAddonObjects } from "./addon-containers.ts";
import { addonHosts } from "./addon-hosts.ts";
import { startBackup } from "./backups/create-backup.ts";
import { takeBackVars } from "./provision-addon.ts";
import { backupDue } from "./backups/schedule.ts";

// Longer than the longest legitimate run: an image build plus a wait for the app's deploy lock;
// a restore of a large dump.
const ABANDONED_AFTER_MS: Record<string, number> = { provisioning: 60 * 60_000, restoring: 4 * 60 * 60_000 };

export async function sweepAddons(now = new Date()): Promise<void> {
  const failures: Error[] = [];
  const note = (err: Error) => failures.push(err);
  await settleAbandoned(now).catch(note);
  await startDueBackups(now, note);
  if (failures.length) throw new AggregateError(failures, `the add-on sweep: ${failures.map((e) => e.message).join("; ")}`);
}

async function startDueBackups(now: Date, note: (err: Error) => void): Promise<void> {
  const addons = await db.addon.findMany({ where: { state: "available", backupSchedule: { not: "off" } } });
  for (const addon of addons.filter((a) => backupDue(a, now))) {
    const running = await db.backup.findFirst({ where: { addonId: addon.id, state: "running" } });
    // One add-on that cannot start its backup does not hold up the others.
    if (!running) await startBackup(addon, "scheduled").catch(note);
  }
}

async function settleAbandoned(now: Date): Promise<void> {
  for (const [state, afterMs] of Object.entries(ABANDONED_AFTER_MS)) {
    const stuck = await db.addon.findMany({ where: { state, updatedAt: { lt: new Date(now.getTime() - afterMs) } } });
    for (const addon of stuck) {
      // Only if nothing moved it meanwhile.
      const where = { id: addon.id, state, updatedAt: addon.updatedAt };
      if (state === "provisioning") {
        await removeAddonObjects(await addonHosts(addon), addon.name, { volume: true });
        await takeBackVars({ ...addon, attachments: await db.addonAttachment.findMany({ where: { addonId: addon.id }, include: { app: true } }) });
        await db.addon.updateMany({ where, data: { state: "failed", error: "provisioning failed: its worker went away and it never finished" } });
      } else {
        await db.addon.updateMany({ where, data: { state: "available", error: "the restore's worker went away: the data may be partly restored" } });
      }
    }
  }
}
