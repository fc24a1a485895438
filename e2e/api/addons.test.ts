// Add-ons against real containers: redis (with a replica), postgres and mysql provisioned for an
// app that writes and reads through the URLs in its config; data survives a restart of the
// add-on's container; backup → write more → restore brings back the data as at the backup;
// attach, detach and destroy (confirmed, refused while attached); bad input provisions nothing;
// a provisioning that fails ends `failed` and leaves nothing behind; an add-on a collaborator made
// belongs to the app's owner, and the collaborator, once removed, can do nothing with it.
// One add-on per service is shared by the tests, which run concurrently.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { api, BASE, createApp, push, sampleRepo, token, uniqueName, viaRouter, waitFor, newUser } from "../support/berth.ts";

const run = promisify(execFile);
const INSTANCE = process.env.BERTH_INSTANCE ?? "berth";
const docker = async (...args: string[]) => (await run("docker", args, { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
const primaryOf = (addon: string) => `${INSTANCE}-addon-${addon}`;
const byLabel = (addon: string) => ["--filter", `label=berth.instance=${INSTANCE}`, "--filter", `label=berth.addon=${addon}`];

interface Credentials {
  user: string;
  password: string;
  database: string;
}
interface Provisioned {
  name: string;
  credentials: Credentials;
  seconds: number;
}

/** POST, then wait for `available`: the seconds from the POST until it answers. */
async function provision(app: string, body: Record<string, unknown>): Promise<Provisioned> {
  const started = Date.now();
  const res = await api("POST", `/api/v1/apps/${app}/addons`, body);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.state, "provisioning");
  const name = res.body.name as string;
  const done = await waitFor(`${name} to be provisioned`, async () => {
    const r = await api("GET", `/api/v1/addons/${name}?credentials=true`);
    return r.body.state !== "provisioning" && r.body;
  }, 180_000);
  assert.equal(done.state, "available", done.error);
  return { name, credentials: done.credentials, seconds: (Date.now() - started) / 1000 };
}

/** Each service's own client, run in the add-on's container: keep a list of marks, read them back. */
const clients = {
  redis: {
    write: (a: Provisioned, mark: string) => docker("exec", "-e", `REDISCLI_AUTH=${a.credentials.password}`, primaryOf(a.name), "redis-cli", "--no-auth-warning", "sadd", "marks", mark),
    read: async (a: Provisioned) => (await docker("exec", "-e", `REDISCLI_AUTH=${a.credentials.password}`, primaryOf(a.name), "redis-cli", "--no-auth-warning", "smembers", "marks")).split("\n").filter(Boolean).sort(),
  },
  postgres: {
    sql: (a: Provisioned, sql: string) =>
      docker("exec", "-e", `PGPASSWORD=${a.credentials.password}`, primaryOf(a.name), "psql", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", a.credentials.user, "-d", a.credentials.database, "-tAc", sql),
    write(a: Provisioned, mark: string) {
      return this.sql(a, `CREATE TABLE IF NOT EXISTS marks (v text); INSERT INTO marks VALUES ('${mark}')`);
    },
    async read(a: Provisioned) {
      return (await this.sql(a, "SELECT v FROM marks ORDER BY v")).split("\n").filter(Boolean);
    },
  },
  mysql: {
    sql: (a: Provisioned, sql: string) =>
      docker("exec", "-e", `MYSQL_PWD=${a.credentials.password}`, primaryOf(a.name), "mariadb", "--protocol=TCP", "-h", "127.0.0.1", "-u", a.credentials.user, "-N", "-e", sql, a.credentials.database),
    write(a: Provisioned, mark: string) {
      return this.sql(a, `CREATE TABLE IF NOT EXISTS marks (v varchar(50)); INSERT INTO marks VALUES ('${mark}')`);
    },
    async read(a: Provisioned) {
      return (await this.sql(a, "SELECT v FROM marks ORDER BY v")).split("\n").filter(Boolean);
    },
  },
};
type Service = keyof typeof clients;

/** A backup made and finished: its id and how long it took. */
async function backUp(addon: string) {
  const started = Date.now();
  const res = await api("POST", `/api/v1/addons/${addon}/backups`);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.state, "running");
  const done = await waitFor(`backup of ${addon}`, async () => {
    const b = (await api("GET", `/api/v1/addons/${addon}/backups/${res.body.id}`)).body;
    return b.state !== "running" && b;
  });
  assert.equal(done.state, "succeeded", done.error);
  return { id: done.id as string, size: done.size as number, seconds: (Date.now() - started) / 1000 };
}

async function restore(addon: string, backupId: string) {
  const started = Date.now();
  const refused = await api("POST", `/api/v1/addons/${addon}/backups/${backupId}/restore`);
  assert.equal(refused.status, 422);
  assert.match(refused.body.message, /confirm with \{"confirm": ".*"\}/);
  const res = await api("POST", `/api/v1/addons/${addon}/backups/${backupId}/restore`, { confirm: addon });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.state, "restoring");
  const done = await waitFor(`restore of ${addon}`, async () => {
    const a = (await api("GET", `/api/v1/addons/${addon}`)).body;
    return a.state !== "restoring" && a;
  });
  assert.equal(done.state, "available");
  assert.equal(done.error, null);
  return (Date.now() - started) / 1000;
}

async function download(addon: string, backupId: string) {
  const res = await fetch(`${BASE}/api/v1/addons/${addon}/backups/${backupId}/download`, { headers: { authorization: `Bearer ${await token()}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-disposition") ?? "", new RegExp(`attachment; filename="${addon}-\\d{8}T\\d{6}Z\\.`));
  return Buffer.from(await res.arrayBuffer());
}

/** A user the admin invited (not an admin): their name and the headers of their token. */
/** A second user, with `as` holding their token's header. */
async function userWithHeaders(prefix: string) {
  const { username, headers } = await newUser(prefix);
  return { username, as: headers };
}

const configOf = async (app: string) => (await api("GET", `/api/v1/apps/${app}/config-vars`)).body as Record<string, string>;

/** Pushes are refused while a deploy (here: an attachment's release) is finishing: try again. */
async function pushWhenFree(repo: string, app: string) {
  for (let i = 0; ; i++) {
    const pushed = await push(repo, app);
    if (pushed.code === 0 || i === 20 || !/is in progress/.test(pushed.output)) return pushed;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("add-ons", { concurrency: true }, () => {
  let app: string;
  const addons = {} as Record<Service, Provisioned>;

  before(async () => {
    app = await createApp("addons");
    [addons.redis, addons.postgres, addons.mysql] = await Promise.all([
      provision(app, { service: "redis", options: { replicas: 1 } }),
      provision(app, { service: "postgres" }),
      provision(app, { service: "mysql", as: "MYSQL" }),
    ]);
    for (const [service, a] of Object.entries(addons)) console.log(`# figure: ${service} from POST to accepting connections: ${a.seconds.toFixed(1)} s`);
  });

  after(async () => {
    for (const a of Object.values(addons)) await api("DELETE", `/api/v1/apps/${app}/addons/${a.name}`);
    for (const a of Object.values(addons)) await api("DELETE", `/api/v1/addons/${a.name}`, { confirm: a.name });
    await api("DELETE", `/api/v1/apps/${app}`);
  });

  test("the catalog lists redis, mysql and postgres with their plans", async () => {
    const res = await api("GET", "/api/v1/addon-services");
    assert.equal(res.status, 200);
    const byName = Object.fromEntries(res.body.map((s: { name: string }) => [s.name, s]));
    assert.deepEqual(Object.keys(byName).sort(), ["mysql", "postgres", "redis"]);
    assert.equal(byName.redis.configVar, "REDIS_URL");
    assert.equal(byName.postgres.configVar, "DATABASE_URL");
    assert.ok(byName.redis.plans.some((p: { name: string; memoryMb: number }) => p.name === "cache" && p.memoryMb === 64));
    assert.ok(byName.redis.options.replicas);
  });

  test("the app's config has each add-on's URL; credentials are shown only on request", async () => {
    const config = await configOf(app);
    const { redis, postgres, mysql } = addons;
    assert.equal(config.REDIS_URL, `redis://:${redis.credentials.password}@${redis.name}:6379`);
    assert.equal(config.REDIS_REPLICA_URLS, `redis://:${redis.credentials.password}@${redis.name}-replica-1:6379`);
    assert.equal(config.DATABASE_URL, `postgres://${postgres.credentials.user}:${postgres.credentials.password}@${postgres.name}:5432/${postgres.credentials.database}`);
    assert.match(config.MYSQL_URL!, new RegExp(`^mysql://\\w+:[\\w-]{32}@${mysql.name}:3306/\\w+$`));
    const plain = (await api("GET", `/api/v1/apps/${app}/addons/${redis.name}`)).body;
    assert.equal(plain.state, "available");
    assert.equal(plain.configVar, "REDIS_URL");
    assert.equal(plain.plan, "hobby");
    assert.equal(plain.credentials, undefined);
    assert.ok(!JSON.stringify(await api("GET", `/api/v1/apps/${app}/addons`)).includes(redis.credentials.password));
    const shown = (await api("GET", `/api/v1/apps/${app}/addons/${redis.name}?credentials=true`)).body;
    assert.equal(shown.credentials.url, config.REDIS_URL);
    assert.deepEqual(shown.containers.map((c: { role: string }) => c.role), ["primary", "replica-1"]);
  });

  test("bad input is refused and provisions nothing", async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ service: "mongodb" }, 422, /no add-on service "mongodb"; choose one of redis, mysql, postgres/],
      [{ service: "redis", plan: "huge" }, 422, /redis has no plan "huge"; its plans are cache, hobby, standard, large/],
      [{ service: "redis", as: "cache" }, 422, /as is the config var prefix/],
      [{ service: "redis", as: "A-B" }, 422, /as is the config var prefix/],
      [{ service: "redis", options: { replicas: 4 } }, 422, /options.replicas: replicas is 0 to 3/],
      [{ service: "postgres", options: { replicas: 1 } }, 422, /postgres has no option replicas; it takes none/],
      [{ service: "redis", name: "Bad_Name" }, 422, /add-on names are 2-30 characters/],
      [{ service: "redis", name: "x; rm -rf /" }, 422, /add-on names are 2-30 characters/],
      [{ service: "redis", extra: 1 }, 422, /extra/],
      // attached as REDIS already; DATABASE_URL is set by the postgres add-on
      [{ service: "redis", name: "redis-dup-as" }, 409, /already has redis-\S+ attached as REDIS/],
      [{ service: "mysql", name: "mysql-dup-as" }, 409, /already has postgres-\S+ attached as DATABASE/],
    ];
    for (const [body, status, message] of cases) {
      const res = await api("POST", `/api/v1/apps/${app}/addons`, body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, message);
    }
    const taken = await api("POST", `/api/v1/apps/${app}/addons`, { service: "redis", name: addons.postgres.name, as: "OTHER" });
    assert.equal(taken.status, 409);
    assert.match(taken.body.message, new RegExp(`the add-on name ${addons.postgres.name} is taken`));
    assert.equal((await api("POST", "/api/v1/apps/no-such-app/addons", { service: "redis" })).status, 404);
    // A config var the app's users set is never overwritten by an attachment (another app: this
    // one's deploy lock belongs to the push of the test beside).
    const plain = await createApp("addons-plain");
    try {
      assert.equal((await api("PATCH", `/api/v1/apps/${plain}/config-vars`, { OWN_URL: "x" })).status, 200);
      const own = await api("POST", `/api/v1/apps/${plain}/addons`, { service: "redis", as: "OWN", name: "redis-own-url" });
      assert.equal(own.status, 409);
      assert.match(own.body.message, /already sets OWN_URL/);
    } finally {
      await api("DELETE", `/api/v1/apps/${plain}`);
    }

    for (const name of ["redis-dup-as", "mysql-dup-as", "redis-own-url"]) {
      assert.equal((await api("GET", `/api/v1/addons/${name}`)).status, 404);
      assert.equal(await docker("ps", "-aq", ...byLabel(name)), "");
    }
    const names = (await api("GET", "/api/v1/addons")).body.map((a: { name: string }) => a.name);
    assert.ok(names.every((n: string) => !/-dup-as$|-own-url$/.test(n)), names.join(" "));
  });

  test("the app reaches each add-on by name through its URL, and the replica sees the primary's writes", async () => {
    const repo = await sampleRepo("addons-sample");
    try {
      const pushed = await pushWhenFree(repo, app);
      assert.equal(pushed.code, 0, pushed.output);
      // Restores running beside this test may replace the data between a write and its read: try again.
      const result = await waitFor("the app to write and read through every URL", async () => {
        const res = await viaRouter(app, `/check?value=v${Date.now()}`);
        const body = res.status === 200 ? JSON.parse(res.body) : {};
        return body.redis === true && body.postgres === true && body.mysql === true && body.replicas?.[0] === true ? body : undefined;
      });
      assert.deepEqual(result, { redis: true, replicas: [true], postgres: true, mysql: true });
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  for (const service of ["redis", "postgres", "mysql"] as const) {
    test(`${service}: data survives a restart of its container; a restore brings back the data as at the backup`, async () => {
      const addon = addons[service];
      const client = clients[service];
      await client.write(addon, "before");
      await docker("restart", primaryOf(addon.name));
      assert.deepEqual(await waitFor("the data after the restart", () => client.read(addon)), ["before"]);
      if (service === "redis") {
        // A crash: Docker's restart policy brings it back, with the data (append-only file).
        // (the exec dies with the container: its own failure means nothing)
        await docker("exec", primaryOf(addon.name), "sh", "-c", 'for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = redis-server ] && kill -9 "${p#/proc/}"; done; true').catch(() => undefined);
        await waitFor("Docker to restart the crashed container", async () => (await docker("inspect", "-f", "{{.RestartCount}}", primaryOf(addon.name))) === "1");
        assert.deepEqual(await waitFor("the data after the crash", () => client.read(addon)), ["before"]);
      }

      const backup = await backUp(addon.name);
      const dump = await download(addon.name, backup.id);
      assert.equal(dump.length, backup.size);
      const magic = { redis: "REDIS", postgres: "PGDMP", mysql: "\x1f\x8b" }[service];
      assert.equal(dump.subarray(0, magic.length).toString("latin1"), magic);

      await client.write(addon, "after");
      assert.deepEqual(await client.read(addon), ["after", "before"]);
      const restoreSeconds = await restore(addon.name, backup.id);
      assert.deepEqual(await waitFor("the data after the restore", () => client.read(addon)), ["before"]);
      console.log(`# figure: ${service} backup ${backup.seconds.toFixed(1)} s (${backup.size} bytes), restore ${restoreSeconds.toFixed(1)} s`);

      const listed = (await api("GET", `/api/v1/addons/${addon.name}/backups`)).body;
      assert.deepEqual(listed.map((b: { id: string; kind: string }) => [b.id, b.kind]), [[backup.id, "manual"]]);
    });
  }

  test("a collaborator on the app uses its add-ons (details, backups) but cannot destroy them or attach them elsewhere", async () => {
    const username = `collab${Date.now() % 1_000_000}`;
    const password = `pw-${Date.now()}-collaborator`;
    const invitation = await api("POST", "/api/v1/invitations", {});
    assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
    assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username, password })).status, 201);
    const login = await fetch(`${BASE}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
    const as = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const { redis } = addons;
    try {
      assert.equal((await api("GET", `/api/v1/addons/${redis.name}`, undefined, as)).status, 404, "not before they collaborate");
      assert.equal((await api("POST", `/api/v1/apps/${app}/collaborators`, { username })).status, 201);
      const seen = await api("GET", `/api/v1/addons/${redis.name}`, undefined, as);
      assert.equal(seen.status, 200, JSON.stringify(seen.body));
      assert.ok(((await api("GET", "/api/v1/addons", undefined, as)).body as Array<{ name: string }>).some((a) => a.name === redis.name));
      assert.equal((await api("GET", `/api/v1/addons/${redis.name}/backups`, undefined, as)).status, 200);
      const destroy = await api("DELETE", `/api/v1/addons/${redis.name}`, { confirm: redis.name }, as);
      assert.equal(destroy.status, 403);
      assert.match(destroy.body.message, /only the owner of .* or an admin/);
      assert.equal((await api("POST", `/api/v1/addons/${redis.name}/attachments`, { app, as: "OTHER" }, as)).status, 403);
      // Still there (the redis test beside may be restoring it at this moment: that is fine).
      assert.match((await api("GET", `/api/v1/addons/${redis.name}`)).body.state, /^(available|restoring)$/);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}/collaborators/${username}`);
    }
    assert.equal((await api("GET", `/api/v1/addons/${redis.name}/backups`, undefined, as)).status, 404, "not after they stop collaborating");
  });

  test("an add-on a collaborator creates belongs to the app's owner; removed, the collaborator gets 404 for everything about it", async () => {
    // Two ordinary users: the owner of an app, and a collaborator who turns hostile once removed.
    const [owner, mallory] = await Promise.all([userWithHeaders("owner"), userWithHeaders("mallory")]);
    const shop = uniqueName("addons-shop");
    const loot = uniqueName("addons-loot");
    assert.equal((await api("POST", "/api/v1/apps", { name: shop }, owner.as)).status, 201);
    assert.equal((await api("POST", "/api/v1/apps", { name: loot }, mallory.as)).status, 201);
    let addon = "";
    try {
      assert.equal((await api("POST", `/api/v1/apps/${shop}/collaborators`, { username: mallory.username }, owner.as)).status, 201);
      const created = await api("POST", `/api/v1/apps/${shop}/addons`, { service: "redis", plan: "cache" }, mallory.as);
      assert.equal(created.status, 202, JSON.stringify(created.body));
      addon = created.body.name;
      assert.equal(created.body.owner, owner.username, "the app's owner owns it, not who clicked");
      const ready = await waitFor(`${addon} to be provisioned`, async () => {
        const r = await api("GET", `/api/v1/addons/${addon}`, undefined, owner.as);
        return r.body.state !== "provisioning" && r.body;
      }, 120_000);
      assert.equal(ready.state, "available", ready.error);
      assert.equal(ready.owner, owner.username);
      // While collaborating: used, as on Heroku, but not handed to an app of their own.
      assert.equal((await api("GET", `/api/v1/addons/${addon}?credentials=true`, undefined, mallory.as)).status, 200);
      assert.equal((await api("POST", `/api/v1/addons/${addon}/attachments`, { app: loot }, mallory.as)).status, 403);

      assert.equal((await api("DELETE", `/api/v1/apps/${shop}/collaborators/${mallory.username}`, undefined, owner.as)).status, 204);
      const attempts: Array<[string, string, unknown?]> = [
        ["GET", `/api/v1/addons/${addon}`],
        ["GET", `/api/v1/addons/${addon}?credentials=true`],
        ["GET", `/api/v1/apps/${shop}/addons/${addon}?credentials=true`],
        ["GET", `/api/v1/addons/${addon}/attachments`],
        ["POST", `/api/v1/addons/${addon}/attachments`, { app: loot, as: "STOLEN" }],
        ["GET", `/api/v1/addons/${addon}/backups`],
        ["POST", `/api/v1/addons/${addon}/backups`],
        ["PATCH", `/api/v1/addons/${addon}`, { backupSchedule: "off" }],
        ["DELETE", `/api/v1/addons/${addon}`, { confirm: addon }],
        ["DELETE", `/api/v1/apps/${shop}/addons/${addon}`],
        ["DELETE", `/api/v1/addons/${addon}/attachments/${shop}`],
      ];
      for (const [method, route, body] of attempts) {
        const res = await api(method, route, body, mallory.as);
        assert.equal(res.status, 404, `${method} ${route} → ${res.status} ${JSON.stringify(res.body)}`);
      }
      assert.ok(!(await api("GET", "/api/v1/addons", undefined, mallory.as)).body.some((a: { name: string }) => a.name === addon));
      // Nothing changed: still attached to the shop only, with its schedule, and no backup made.
      const after = (await api("GET", `/api/v1/addons/${addon}`, undefined, owner.as)).body;
      assert.deepEqual(after.attachments.map((a: { app: string }) => a.app), [shop]);
      assert.equal(after.backups.schedule, "daily");
      assert.deepEqual((await api("GET", `/api/v1/addons/${addon}/backups`, undefined, owner.as)).body, []);
      assert.equal((await api("GET", `/api/v1/apps/${loot}/config-vars`, undefined, mallory.as)).body.STOLEN_URL, undefined);
      // Theirs: the owner (not an admin) detaches and destroys it.
      assert.equal((await api("DELETE", `/api/v1/apps/${shop}/addons/${addon}`, undefined, owner.as)).status, 200);
      assert.equal((await api("DELETE", `/api/v1/addons/${addon}`, { confirm: addon }, owner.as)).status, 204);
      addon = "";
    } finally {
      if (addon) {
        await api("DELETE", `/api/v1/apps/${shop}/addons/${addon}`);
        await api("DELETE", `/api/v1/addons/${addon}`, { confirm: addon });
      }
      await Promise.all([shop, loot].map((a) => api("DELETE", `/api/v1/apps/${a}`)));
    }
  });

  test("attach to another app, detach, and destroy: refused while attached, only with the name confirmed", async () => {
    const [one, two] = await Promise.all([createApp("addons-one"), createApp("addons-two")]);
    try {
      const cache = await provision(one, { service: "redis", plan: "cache", as: "CACHE" });
      assert.ok((await configOf(one)).CACHE_URL);

      const attached = await api("POST", `/api/v1/addons/${cache.name}/attachments`, { app: two, as: "SESSIONS" });
      assert.equal(attached.status, 201, JSON.stringify(attached.body));
      assert.deepEqual(attached.body.configVars, ["SESSIONS_URL"]);
      assert.equal((await configOf(two)).SESSIONS_URL, `redis://:${cache.credentials.password}@${cache.name}:6379`);
      const again = await api("POST", `/api/v1/addons/${cache.name}/attachments`, { app: two });
      assert.equal(again.status, 409);
      assert.match(again.body.message, /already attached to .* as SESSIONS/);
      const badAs = await api("POST", `/api/v1/addons/${cache.name}/attachments`, { app: two, as: "lower" });
      assert.equal(badAs.status, 422);

      const refused = await api("DELETE", `/api/v1/addons/${cache.name}`, { confirm: cache.name });
      assert.equal(refused.status, 409);
      assert.match(refused.body.message, new RegExp(`still attached to ${one}, ${two}; detach it first`));

      const detached = await api("DELETE", `/api/v1/addons/${cache.name}/attachments/${two}`);
      assert.equal(detached.status, 200, JSON.stringify(detached.body));
      assert.equal((await configOf(two)).SESSIONS_URL, undefined);
      const releases = (await api("GET", `/api/v1/apps/${two}/releases`)).body;
      assert.match(releases[0].summary, new RegExp(`detached ${cache.name} \\(SESSIONS\\)`));
      assert.equal((await api("DELETE", `/api/v1/apps/${one}/addons/${cache.name}`)).status, 200);
      assert.equal((await configOf(one)).CACHE_URL, undefined);

      for (const body of [undefined, { confirm: "something-else" }]) {
        const unconfirmed = await api("DELETE", `/api/v1/addons/${cache.name}`, body);
        assert.equal(unconfirmed.status, 422);
        assert.match(unconfirmed.body.message, new RegExp(`confirm with \\{"confirm": "${cache.name}"\\}`));
      }
      assert.notEqual(await docker("ps", "-q", ...byLabel(cache.name)), "");
      assert.equal((await api("DELETE", `/api/v1/addons/${cache.name}`, { confirm: cache.name })).status, 204);
      assert.equal((await api("GET", `/api/v1/addons/${cache.name}`)).status, 404);
      assert.equal(await docker("ps", "-aq", ...byLabel(cache.name)), "");
      assert.equal(await docker("volume", "ls", "-q", ...byLabel(cache.name)), "");
      assert.equal(await docker("network", "ls", "-q", ...byLabel(cache.name)), "");
    } finally {
      await Promise.all([one, two].map((a) => api("DELETE", `/api/v1/apps/${a}`)));
    }
  });

  test("a provisioning that fails ends failed with the reason and leaves nothing behind", async () => {
    const other = await createApp("addons-fail");
    const name = `redis-blocked-${Date.now() % 100000}`;
    // A stranger's container holding the add-on's container name: Berth must neither touch it nor leave half an add-on.
    await docker("run", "-d", "--name", primaryOf(name), "--label", `berth.instance=${INSTANCE}`, "berth/stack:latest", "sleep", "300");
    try {
      const res = await api("POST", `/api/v1/apps/${other}/addons`, { service: "redis", name });
      assert.equal(res.status, 202);
      const failed = await waitFor("the provisioning to fail", async () => {
        const a = (await api("GET", `/api/v1/addons/${name}`)).body;
        return a.state !== "provisioning" && a;
      });
      assert.equal(failed.state, "failed");
      assert.match(failed.error, /provisioning failed: .*already in use/);
      // The app still lists it, failed and why, but no config var was set and the name REDIS is free again.
      const listed = (await api("GET", `/api/v1/apps/${other}/addons`)).body;
      assert.deepEqual(listed.map((a: { name: string; state: string }) => [a.name, a.state]), [[name, "failed"]]);
      assert.equal((await configOf(other)).REDIS_URL, undefined);
      assert.equal(await docker("volume", "ls", "-q", ...byLabel(name)), "");
      assert.equal(await docker("network", "ls", "-q", ...byLabel(name)), "");
      assert.equal(await docker("inspect", "-f", "{{.State.Running}}", primaryOf(name)), "true");
      const retry = await provision(other, { service: "redis", plan: "cache" });
      assert.ok((await configOf(other)).REDIS_URL?.includes(`@${retry.name}:6379`));
      // Both show in the app's log as platform events.
      const events = await waitFor("the add-on events in the app's log", async () => {
        const res = await fetch(`${BASE}/api/v1/apps/${other}/log-stream?lines=200&source=berth`, { headers: { authorization: `Bearer ${await token()}`, accept: "text/plain" } });
        const text = await res.text();
        return text.includes(`${retry.name} (redis) provisioned`) && text;
      }, 20_000);
      assert.match(events, new RegExp(` berth\\[addons\\]: provisioning ${name} \\(redis\\) failed: .*already in use`));
      assert.match(events, new RegExp(` berth\\[addons\\]: ${retry.name} \\(redis\\) provisioned, attached as REDIS`));
      // A failed add-on can be destroyed (confirmed) like any other; its attachment goes with it.
      assert.equal((await api("DELETE", `/api/v1/addons/${name}`, { confirm: name })).status, 204);
      // Deleting the app leaves its add-ons, detached.
      assert.equal((await api("DELETE", `/api/v1/apps/${other}`)).status, 204);
      assert.deepEqual((await api("GET", `/api/v1/addons/${retry.name}`)).body.attachments, []);
      assert.equal((await api("DELETE", `/api/v1/addons/${retry.name}`, { confirm: retry.name })).status, 204);
    } finally {
      await docker("rm", "-f", primaryOf(name));
      await api("DELETE", `/api/v1/apps/${other}`);
    }
  });
});

// After the suite above (its add-ons are gone), so the sweep finds only this one. The sweep runs
// here, in the test's process, against the instance's database and queue, with the clock moved on.
describe("add-on backup schedule", () => {
  test("each due sweep makes a scheduled backup, keeping N; a failed one is visible", async () => {
    const { sweepAddons } = await import("../../lib/addons/sweep-addons.ts");
    const { queue, QUEUE } = await import("../../lib/queue/queues.ts");
    const { db } = await import("../../lib/db.ts");
    const app = await createApp("addons-schedule");
    const HOUR = 60 * 60_000;
    try {
      const addon = await provision(app, { service: "redis", plan: "cache" });
      for (const body of [{ backupSchedule: "weekly" }, { backupKeep: 0 }, {}]) assert.equal((await api("PATCH", `/api/v1/addons/${addon.name}`, body)).status, 422);
      const patched = await api("PATCH", `/api/v1/addons/${addon.name}`, { backupSchedule: "hourly", backupKeep: 2 });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.deepEqual([patched.body.backups.schedule, patched.body.backups.keep], ["hourly", 2]);

      const scheduled = async () => (await api("GET", `/api/v1/addons/${addon.name}/backups`)).body.filter((b: { kind: string }) => b.kind === "scheduled");
      const settled = () => waitFor("the scheduled backup to end", async () => (await scheduled()).every((b: { state: string }) => b.state !== "running"));
      await sweepAddons(new Date(Date.now() + 0.5 * HOUR));
      assert.equal((await scheduled()).length, 0, "not due yet");
      const ids: string[] = [];
      for (let i = 1; i <= 3; i++) {
        await sweepAddons(new Date(Date.now() + i * HOUR));
        await settled();
        const list = await scheduled();
        ids.unshift(list[0].id);
        assert.equal(list[0].state, "succeeded", list[0].error);
      }
      assert.deepEqual((await scheduled()).map((b: { id: string }) => b.id), ids.slice(0, 2), "the oldest was pruned");

      // The container is down: the backup fails, and says why.
      await docker("stop", primaryOf(addon.name));
      await sweepAddons(new Date(Date.now() + 4 * HOUR));
      await settled();
      const failed = (await scheduled())[0];
      assert.equal(failed.state, "failed");
      assert.match(failed.error, /is not running/);
      await docker("start", primaryOf(addon.name));
      assert.equal((await api("DELETE", `/api/v1/apps/${app}/addons/${addon.name}`)).status, 200);
      assert.equal((await api("DELETE", `/api/v1/addons/${addon.name}`, { confirm: addon.name })).status, 204);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
      // BullMQ leaves a connection it was given open: without this, the test's process never ends.
      const q = queue(QUEUE.addon);
      await q.close();
      await q.disconnect();
      await db.$disconnect();
    }
  });
});
