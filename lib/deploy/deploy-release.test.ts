// A release's outcome and its app's deploy lock change in one transaction: a client that sees the
// release finished (and deploys again at once) never gets "another deploy is in progress".
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

// Another process reading the database as fast as it can, as a client polling the API would: it
// prints what it saw finished while still locked.
const POLLER = `
const db = new (require(process.argv[2]))(process.argv[1], { readonly: true });
const seen = db.prepare("SELECT r.version, r.status FROM Release r JOIN App a ON a.id = r.appId WHERE r.status IN ('succeeded', 'failed', 'unbuilt') AND a.deployLock IS NOT NULL AND a.deployLock LIKE r.id || '@%'");
let stop = false;
process.stdin.on("data", () => (stop = true));
console.log("ready");
(function poll() {
  for (let i = 0; i < 1000; i++) for (const row of seen.all()) console.log("v" + row.version + " " + row.status + " while locked");
  if (stop) process.exit(0);
  setImmediate(poll);
})();`;

test("nobody sees a finished release while its app is still locked", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-release-"));
  const file = path.join(dir, "berth.db");
  process.env.BERTH_DATA_DIR = dir;
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: process.env, stdio: "ignore" });
  const { db } = await import("../db.ts");
  const { acquireDeployLock } = await import("../apps/deploy-lock.ts");
  const { deployRelease } = await import("./deploy-release.ts");
  // The driver Prisma's adapter uses (it is not a dependency of Berth's own).
  const driver = createRequire(import.meta.resolve("@prisma/adapter-better-sqlite3").replace("file://", "")).resolve("better-sqlite3");
  const poller = spawn(process.execPath, ["-e", POLLER, file, driver], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  poller.stdout.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise((r) => poller.once("exit", r));
  try {
    const owner = await db.user.create({ data: { username: "owner", passwordHash: "-" } });
    const app = await db.app.create({ data: { name: "locked", ownerId: owner.id } });
    const config = await db.config.create({ data: { appId: app.id, values: "-" } });
    await Promise.race([
      (async () => {
        while (!output.includes("ready")) await new Promise((r) => setTimeout(r, 20));
      })(),
      exited.then(() => assert.fail("the poller exited before it started")),
    ]);
    for (let version = 1; version <= 30; version++) {
      // A build-less release (a config change before the first build) finishes in one step:
      // the smallest window there is between the outcome and the unlock.
      const release = await db.release.create({ data: { appId: app.id, version, configId: config.id, summary: "owner set X", createdBy: "owner" } });
      await acquireDeployLock(app, release.id);
      await deployRelease(release.id);
      assert.equal((await db.app.findUniqueOrThrow({ where: { id: app.id } })).deployLock, null);
      assert.equal((await db.release.findUniqueOrThrow({ where: { id: release.id } })).status, "unbuilt");
    }
    poller.stdin.end("stop\n");
    await exited;
    assert.equal(output.replace("ready\n", ""), "", "the poller saw releases finished while their app was still locked");
  } finally {
    poller.kill();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
