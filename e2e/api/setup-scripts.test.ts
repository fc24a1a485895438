// Set-up beside a running Berth: `npm test` and `npm run bench` run scripts/setup.sh, which must
// not touch a live instance's database when it has nothing to migrate (Prisma's migrate deploy
// against a busy file fails even then).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..", "..");

async function pending(dataDir: string): Promise<boolean> {
  try {
    await run("node", ["scripts/migrations-pending.mjs"], { cwd: ROOT, env: { ...process.env, BERTH_DATA_DIR: dataDir } });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 1) return false;
    throw err;
  }
}

test("migrations are applied only when one is missing", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-setup-"));
  try {
    assert.equal(await pending(dir), true, "a new data directory has everything to migrate");
    await run("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, BERTH_DATA_DIR: dir, DATABASE_URL: `file:${dir}/berth.db` } });
    assert.equal(await pending(dir), false, "a migrated database is left alone");
    const adapter = createRequire(import.meta.url).resolve("@prisma/adapter-better-sqlite3");
    const Database = createRequire(adapter)("better-sqlite3");
    const db = new Database(path.join(dir, "berth.db"));
    const last = fs.readdirSync(path.join(ROOT, "prisma", "migrations")).filter((n) => /^\d/.test(n)).sort().at(-1);
    db.prepare("DELETE FROM _prisma_migrations WHERE migration_name = ?").run(last);
    // A writer holding the file, as a running Berth does, does not stop the check.
    db.prepare("BEGIN IMMEDIATE").run();
    assert.equal(await pending(dir), true, `a database without ${last} is migrated`);
    db.prepare("ROLLBACK").run();
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("removing an instance removes exactly its build network's iptables rules", async () => {
  const mine = `bt-rm-${process.pid}`;
  const other = `bt-keep-${process.pid}`;
  const rule = (instance: string, iface: string) => ["INPUT", "-i", iface, "-m", "comment", "--comment", `berth-builds:${instance}`, "-j", "DROP"];
  // Interfaces that do not exist: the rules match nothing while the test runs.
  const rules = [rule(mine, "bb-test-rm0"), rule(other, "bb-test-keep0")];
  for (const r of rules) await run("iptables", ["-w", "5", "-I", ...r]);
  const listed = async () => (await run("iptables", ["-w", "5", "-S", "INPUT"])).stdout;
  try {
    assert.match(await listed(), new RegExp(`berth-builds:${mine}`));
    await run("bash", ["scripts/remove-instance.sh", mine], { cwd: ROOT });
    const after = await listed();
    assert.doesNotMatch(after, new RegExp(`berth-builds:${mine}\\b`));
    assert.match(after, new RegExp(`berth-builds:${other}`), "another instance's rule stays");
  } finally {
    for (const r of rules) await run("iptables", ["-w", "5", "-D", ...r]).catch(() => undefined);
  }
});
