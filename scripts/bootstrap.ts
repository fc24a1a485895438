// First-start duties that need the database: the admin user and the local Docker host.
import { ensureAdmin } from "../lib/auth/users.ts";
import { tightenDataModes } from "../lib/data-dir-modes.ts";
import { db } from "../lib/db.ts";
import { settings } from "../lib/env.ts";
import { scheduler } from "../lib/scheduler/index.ts";

// Write-ahead logging: readers never wait for the writer, and the mode stays with the file.
await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
const admin = await ensureAdmin();
await scheduler().start();
// Installs made before the data directory was private (berth.db 0644, repos/ 0755): private now.
// Last, so the database's -wal and -shm files, just made, are covered too.
const tightened = tightenDataModes(settings.dataDir);
if (tightened > 0) console.log(`  Made ${tightened} files and folders in ${settings.dataDir} private to Berth's user`);
if (admin.generatedPassword) {
  console.log(`\n  Created the user admin with the password: ${admin.generatedPassword}`);
  console.log("  (shown only this once; set BERTH_ADMIN_PASSWORD before the first start to choose it)\n");
} else if (admin.created) {
  console.log("\n  Created the user admin with the password from BERTH_ADMIN_PASSWORD\n");
}
process.exit(0);
