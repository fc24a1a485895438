// The backup job: the service's dump from the primary container, streamed into the data
// directory (a .part file renamed when complete). A failure is recorded on the backup, never
// only logged; a scheduled success prunes the schedule's old backups.
import fs from "node:fs";
import path from "node:path";
import { db } from "../../db.ts";
import { primaryContainer } from "../addon-containers.ts";
import { describeAddon } from "../addons.ts";
import { addonHosts } from "../addon-hosts.ts";
import { absoluteBackupPath, backupRelativePath } from "./backup-files.ts";
import { removeBackups } from "./backups.ts";
import { backupsToPrune } from "./schedule.ts";

// Backup.size is an Int column: a dump past 2 GiB is stored without its size.
const MAX_RECORDED_SIZE = 2 ** 31 - 1;

export async function runBackup(backupId: string): Promise<void> {
  const backup = await db.backup.findUnique({ where: { id: backupId }, include: { addon: true } });
  if (!backup || backup.state !== "running") return; // deleted with its add-on, or already done
  const { addon } = backup;
  const { service, spec } = describeAddon(addon);
  const relative = backupRelativePath(addon.id, backup.id, service.backup.extension);
  const file = absoluteBackupPath(relative);
  const partial = `${file}.part`;
  let out: fs.WriteStream | undefined;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    out = fs.createWriteStream(partial, { mode: 0o600 });
    const written = new Promise<void>((resolve, reject) => out!.on("close", resolve).on("error", reject));
    written.catch(() => undefined); // awaited below; a failed dump reports its own error
    await service.backup.dump(spec, primaryContainer(await addonHosts(addon), service, spec), out);
    await written;
    fs.renameSync(partial, file);
    const size = fs.statSync(file).size;
    await db.backup.update({ where: { id: backup.id }, data: { state: "succeeded", path: relative, size: size <= MAX_RECORDED_SIZE ? size : null, finishedAt: new Date() } });
  } catch (err) {
    out?.destroy();
    fs.rmSync(partial, { force: true });
    await db.backup.update({ where: { id: backup.id }, data: { state: "failed", error: (err as Error).message.slice(0, 2000), finishedAt: new Date() } });
    throw err;
  }
  if (backup.kind === "scheduled") await pruneScheduledBackups(addon.id, addon.backupKeep);
}

async function pruneScheduledBackups(addonId: string, keep: number): Promise<void> {
  const backups = await db.backup.findMany({ where: { addonId } });
  const prune = new Set(backupsToPrune(backups, keep));
  if (prune.size) await removeBackups(backups.filter((b) => prune.has(b.id)));
}
