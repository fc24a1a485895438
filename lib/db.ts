// The Prisma client over SQLite (better-sqlite3 adapter), one per process.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { settings } from "./env.ts";

type AdapterFactory = Pick<PrismaBetterSQLite3, "provider" | "adapterName" | "connect">;

const globalForDb = globalThis as unknown as { berthDb?: PrismaClient };

/**
 * The adapter starts transactions with a deferred `BEGIN`: one that reads and then writes while
 * another process (web, workers, log collector share the file) committed in between fails with
 * SQLITE_BUSY_SNAPSHOT at once — the busy timeout cannot help, the snapshot is stale. `BEGIN
 * IMMEDIATE` takes the write lock up front, so a transaction waits its turn (busy timeout) instead.
 * The adapter has no option for it; its connection's `prepare` is the one place the statement passes.
 */
function withImmediateTransactions(factory: PrismaBetterSQLite3): AdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      const connection = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
      const prepare = connection.prepare.bind(connection);
      connection.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
      return adapter;
    },
  };
}

/** The database holds password and token hashes: Berth's user only (SQLite gives -wal and -shm the same mode). */
function makePrivate(file: string): void {
  if (fs.existsSync(file) && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
}

function createClient(): PrismaClient {
  // SQLite has one writer at a time, shared by the web app, the workers and the log collector:
  // a write waits for the lock (busy timeout) rather than failing, and a transaction waits its
  // turn longer than Prisma's 2 s default before giving up — a busy machine is not an error.
  const file = path.join(settings.dataDir, "berth.db");
  makePrivate(file);
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 15_000 });
  return new PrismaClient({ adapter: withImmediateTransactions(adapter), transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}

export const db: PrismaClient = globalForDb.berthDb ?? (globalForDb.berthDb = createClient());
