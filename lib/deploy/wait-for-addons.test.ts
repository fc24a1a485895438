// A release waits for the app's add-ons that are still provisioning, says so in its log, and fails
// with the add-on's reason when one fails; add-ons that failed before it began do not hold it up.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

test("a release waits for provisioning add-ons, and fails with the reason of one that fails", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-addon-wait-"));
  process.env.BERTH_DATA_DIR = dir;
  process.env.DATABASE_URL = `file:${path.join(dir, "berth.db")}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: process.env, stdio: "ignore" });
  const { db } = await import("../db.ts");
  const { waitForAddons } = await import("./wait-for-addons.ts");
  try {
    const owner = await db.user.create({ data: { username: "owner", passwordHash: "-" } });
    const app = await db.app.create({ data: { name: "shop", ownerId: owner.id } });
    const addon = (name: string, state: string) =>
      db.addon.create({ data: { name, service: "redis", plan: "cache", state, credentials: "-", ownerId: owner.id, attachments: { create: [{ appId: app.id, as: name.toUpperCase().replace(/-/g, "_") }] } } });
    await addon("redis-old", "failed"); // failed before this release: not its business
    const slow = await addon("redis-slow", "provisioning");
    const lines: string[] = [];
    const log = { line: (text: string) => void lines.push(text), flush: async () => undefined };

    setTimeout(() => void db.addon.update({ where: { id: slow.id }, data: { state: "available" } }).then(() => undefined), 700);
    assert.equal(await waitForAddons(app.id, log), null);
    assert.equal(lines[0], "-----> Waiting for redis-slow to be ready");
    assert.match(lines[1] ?? "", /^ {7}redis-slow ready after \d+\.\d s$/);
    assert.equal(lines.length, 2);

    lines.length = 0;
    assert.equal(await waitForAddons(app.id, log), null, "nothing provisioning: no wait");
    assert.deepEqual(lines, []);

    const doomed = await addon("redis-doomed", "provisioning");
    setTimeout(() => void db.addon.update({ where: { id: doomed.id }, data: { state: "failed", error: "provisioning failed: no space left" } }).then(() => undefined), 300);
    assert.equal(await waitForAddons(app.id, log), "the add-on redis-doomed could not be provisioned: provisioning failed: no space left");

    await addon("redis-stuck", "provisioning");
    assert.match((await waitForAddons(app.id, log, 600)) ?? "", /^redis-stuck did not become ready within 0\.6 s$/);
  } finally {
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
