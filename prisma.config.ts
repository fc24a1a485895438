// Prisma 6.19 with the JavaScript schema engine: works offline (see ../shared/ENVIRONMENT.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

const dataDir = path.resolve(process.env.BERTH_DATA_DIR ?? "data");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaBetterSQLite3({ url: `file:${path.join(dataDir, "berth.db")}` });
  },
});
