// PostgreSQL: Debian's postgresql-15. One database owned by one role per add-on; dumps are
// pg_dump's custom format (-Fc: compressed, restorable with pg_restore).
import { sqlDefaults } from "./sql-defaults.ts";
import type { AddonService, AddonSpec } from "./types.ts";

const PORT = 5432;
const db = (addon: AddonSpec) => addon.credentials.database;

export const postgres: AddonService = {
  name: "postgres",
  software: "PostgreSQL 15 (Debian postgresql-15)",
  description: "Relational database",
  port: PORT,
  dataDir: "/var/lib/postgresql/data",
  ...sqlDefaults,

  containers: (addon) => [
    {
      role: "primary",
      alias: addon.name,
      persistent: true,
      env: {
        POSTGRES_USER: addon.credentials.user,
        POSTGRES_PASSWORD: addon.credentials.password,
        POSTGRES_DB: db(addon),
        POSTGRES_SHARED_BUFFERS: `${Math.floor(addon.plan.memoryMb / 4)}MB`,
      },
    },
  ],

  configVars: (addon) => ({ URL: `postgres://${addon.credentials.user}:${addon.credentials.password}@${addon.name}:${PORT}/${db(addon)}` }),

  // Over TCP with the add-on's own role: the server listens there only after the first start's setup.
  readyCheck: (addon) => ({
    cmd: ["psql", "-h", "127.0.0.1", "-p", String(PORT), "-U", addon.credentials.user, "-d", db(addon), "-tAc", "SELECT 1"],
    env: { PGPASSWORD: addon.credentials.password },
  }),

  // The server's OS user reaches every database over the local socket (peer authentication).
  backup: {
    extension: ".dump",
    contentType: "application/octet-stream",
    async dump(addon, primary, out) {
      await primary.run({ cmd: ["pg_dump", "-Fc", "-d", db(addon)], stdout: out });
    },
  },

  async restore(addon, primary, dump) {
    // The database is made again from nothing, so tables created after the backup go too.
    await primary.run({ cmd: ["dropdb", "--if-exists", "--force", db(addon)] });
    await primary.run({ cmd: ["createdb", "-O", addon.credentials.user, db(addon)] });
    await primary.run({ cmd: ["pg_restore", "--exit-on-error", "--single-transaction", "--no-password", "-d", db(addon)], stdin: dump });
  },
};
