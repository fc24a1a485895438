// Berth's data directory holds the database, the encryption key, sources, repositories, build
// logs, backups and the router's keys: only Berth's own user may read any of it. New files are
// made private where they are created (mode arguments, never a process-wide umask: that would
// change the modes of files copied into build contexts, which run as a non-root user); this
// makes what older versions left behind private too, at every start.
import fs from "node:fs";
import path from "node:path";

/**
 * Takes group and other permissions away from `dir` and everything under it (folders 0700,
 * files keep only their owner's bits); symbolic links are left alone and not followed.
 * Idempotent. Returns how many entries it changed.
 */
export function tightenDataModes(dir: string): number {
  let changed = 0;
  const visit = (entry: string) => {
    const stat = fs.lstatSync(entry, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? 0o700 : stat.mode & 0o700;
    if ((stat.mode & 0o777) !== wanted) {
      fs.chmodSync(entry, wanted);
      changed++;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(dir);
  return changed;
}
