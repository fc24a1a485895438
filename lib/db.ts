// The Prisma client over SQLite (better-sqlite3 adapter), one per process.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { settings } from "./env.ts";

const globalForDb = globalThis as unknown as { berthDb?: PrismaClient };

function createClient(): PrismaClient {
  // SQLite has one writer at a time, shared by the web app, the workers and the log collector:
  // a write waits for the lock (busy timeout) rather than failing, and a transaction waits its
  // turn longer than Prisma's 2 s default before giving up — a busy machine is not an error.
  const adapter = new PrismaBetterSQLite3({ url: `file:${path.join(settings.dataDir, "berth.db")}`, timeout: 15_000 });
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}

export const db: PrismaClient = globalForDb.berthDb ?? (globalForDb.berthDb = createClient());
