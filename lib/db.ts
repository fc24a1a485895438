// The Prisma client over SQLite (better-sqlite3 adapter), one per process.
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { settings } from "./env.ts";

const globalForDb = globalThis as unknown as { berthDb?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: `file:${path.join(settings.dataDir, "berth.db")}` });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.berthDb ?? (globalForDb.berthDb = createClient());
