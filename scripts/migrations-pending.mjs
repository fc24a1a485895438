// Exits 0 when the database in BERTH_DATA_DIR (as prisma.config.ts finds it) lacks one of prisma/migrations (or does not exist
// yet), 1 when it has them all. Read-only and without Prisma: a running Berth keeps the file busy,
// and `prisma migrate deploy` against it fails even when there is nothing to do.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// The driver Prisma's adapter brings (not a dependency of Berth's own).
const adapter = createRequire(import.meta.url).resolve("@prisma/adapter-better-sqlite3");
const Database = createRequire(adapter)("better-sqlite3");

const file = path.join(path.resolve(process.env.BERTH_DATA_DIR ?? "data"), "berth.db");
const dir = path.resolve(import.meta.dirname, "..", "prisma", "migrations");
const wanted = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
if (!fs.existsSync(file)) process.exit(0);
let applied;
try {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  applied = new Set(db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all().map((r) => r.migration_name));
  db.close();
} catch {
  process.exit(0); // no migrations table yet, or unreadable: let Prisma say what is wrong
}
process.exit(wanted.every((name) => applied.has(name)) ? 1 : 0);
