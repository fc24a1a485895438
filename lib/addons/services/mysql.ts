// MySQL: Debian's MariaDB 10.11, which speaks the MySQL protocol. One database and one user per
// add-on; dumps are mariadb-dump --single-transaction (consistent without locking), gzipped.
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { sqlDefaults } from "./sql-defaults.ts";
import type { AddonService, AddonSpec } from "./types.ts";

const PORT = 3306;
// The OS user the server runs as, which MariaDB also knows as a superuser over the local socket.
const LOCAL_ADMIN = ["-u", "mysql"];

const db = (addon: AddonSpec) => addon.credentials.database;

export const mysql: AddonService = {
  name: "mysql",
  software: "MariaDB 10.11, MySQL protocol (Debian mariadb-server)",
  description: "Relational database speaking the MySQL protocol",
  port: PORT,
  dataDir: "/var/lib/mysql",
  ...sqlDefaults,

  containers: (addon) => [
    {
      role: "primary",
      alias: addon.name,
      persistent: true,
      env: {
        MYSQL_USER: addon.credentials.user,
        MYSQL_PASSWORD: addon.credentials.password,
        MYSQL_DATABASE: db(addon),
        MYSQL_BUFFER_POOL: `${Math.floor(addon.plan.memoryMb * 0.4)}M`,
      },
    },
  ],

  configVars: (addon) => ({ URL: `mysql://${addon.credentials.user}:${addon.credentials.password}@${addon.name}:${PORT}/${db(addon)}` }),

  // Over TCP with the add-on's own user: the first start's init file has run once this works.
  readyCheck: (addon) => ({
    cmd: ["mariadb", "--protocol=TCP", "-h", "127.0.0.1", "-P", String(PORT), "-u", addon.credentials.user, "-e", "SELECT 1", db(addon)],
    env: { MYSQL_PWD: addon.credentials.password },
  }),

  backup: {
    extension: ".sql.gz",
    contentType: "application/gzip",
    async dump(addon, primary, out) {
      const gzip = createGzip();
      const written = pipeline(gzip, out);
      await primary.run({
        cmd: ["mariadb-dump", ...LOCAL_ADMIN, "--single-transaction", "--quick", "--routines", "--triggers", "--events", "--hex-blob", "--default-character-set=utf8mb4", db(addon)],
        stdout: gzip,
      });
      await written;
    },
  },

  async restore(addon, primary, dump) {
    // The database is made again from nothing, so tables created after the backup go too.
    const name = db(addon);
    const prelude = `DROP DATABASE IF EXISTS \`${name}\`;\nCREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nUSE \`${name}\`;\n`;
    const sql = dump.pipe(createGunzip());
    dump.on("error", (err) => sql.destroy(err));
    await primary.run({ cmd: ["mariadb", ...LOCAL_ADMIN, "--binary-mode"], stdin: Readable.from(withPrelude(prelude, sql)) });
  },
};

async function* withPrelude(prelude: string, rest: AsyncIterable<Buffer>) {
  yield Buffer.from(prelude);
  yield* rest;
}
