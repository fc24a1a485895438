// The addon queue's processor: parses the job again and runs the one domain function it names.
import { addonJob } from "../queue/queues.ts";
import { runBackup } from "./backups/run-backup.ts";
import { runRestore } from "./backups/restore-backup.ts";
import { provisionAddon } from "./provision-addon.ts";
import { sweepAddons } from "./sweep-addons.ts";

export async function runAddonJob(data: unknown): Promise<void> {
  const job = addonJob.parse(data);
  switch (job.name) {
    case "provision":
      return provisionAddon(job.addonId);
    case "backup":
      return runBackup(job.backupId);
    case "restore":
      return runRestore(job.backupId);
    case "sweep":
      return sweepAddons();
  }
}
