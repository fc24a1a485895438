// Transactions take SQLite's write lock when they begin, so one that reads and then writes waits
// for another process's write instead of failing with SQLITE_BUSY_SNAPSHOT.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

test("a transaction holds the write lock from its start", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-db-"));
  process.env.BERTH_DATA_DIR = dir;
  const { db } = await import("./db.ts");
  // A second connection, as another Berth process has, that gives up at once when the file is locked.
  const otherAdapter = await new PrismaBetterSQLite3({ url: `file:${path.join(dir, "berth.db")}`, timeout: 0 }).connect();
  const other = (otherAdapter as unknown as { client: { exec: (sql: string) => void } }).client;
  try {
    await db.$transaction(async (tx) => {
      await tx.$queryRawUnsafe("SELECT 1");
      // Nothing written yet: with a deferred BEGIN another connection could still take the lock.
      assert.throws(() => other.exec("BEGIN IMMEDIATE"), /database is locked/);
    });
    other.exec("BEGIN IMMEDIATE");
    other.exec("COMMIT");
  } finally {
    await otherAdapter.dispose();
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
