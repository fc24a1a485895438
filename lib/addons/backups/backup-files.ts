// Where backups live: <data dir>/addons/<add-on id>/backups/<backup id><ext>. The database keeps
// the path relative to the data directory, so the directory can move.
import path from "node:path";
import { dataPath } from "../../env.ts";

export const addonDataDir = (addonId: string) => dataPath("addons", addonId);

export const backupRelativePath = (addonId: string, backupId: string, extension: string) => path.join("addons", addonId, "backups", `${backupId}${extension}`);

export const absoluteBackupPath = (relative: string) => dataPath(relative);

/** The name a download is saved under: redis-calm-4821-20261125T130000Z.rdb */
export function downloadName(addonName: string, createdAt: Date, extension: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${addonName}-${stamp}${extension}`;
}
