// Router changes go through one coalesced path: the router host (the workers process, which runs
// HAProxy) applies them; the web app only asks. A burst of changes costs one reload, counted by
// HAProxy itself (its master's reload counter).
// Disruptive: it stops the shared workers process, and HAProxy's reload counter is global, so any
// other test's router change in a parallel run would be counted too (seen in CI: 2 reloads for 12).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { api, BASE, newUser, requestViaRouter, uniqueName, waitFor } from "../support/berth.ts";

const run = promisify(execFile);
const controlPlane = Number(process.env.BERTH_TEST_CONTROL_PLANE_PGID);
const masterSocket = path.join(process.env.BERTH_DATA_DIR ?? "", "router", "master.sock");

/**
 * HAProxy's own count of reloads, from the master CLI's `show proc`. The master re-executes itself
 * on each reload and its socket refuses meanwhile (seen in a CI rehearsal): asked again, for up to 5 s.
 */
async function reloads(): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await askReloads();
    } catch (err) {
      if (attempt >= 10 || (err as { code?: string }).code !== "ECONNREFUSED") throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function askReloads(): Promise<number> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(masterSocket);
    let out = "";
    conn.setTimeout(2000, () => conn.destroy(new Error("the master socket timed out")));
    conn.on("connect", () => conn.write("show proc\n"));
    conn.on("data", (d) => {
      out += d.toString();
      const line = out.split("\n").find((l) => /^\d+\s+master\s+\d+/.test(l));
      if (line) {
        conn.destroy();
        resolve(Number(line.split(/\s+/)[2]));
      }
    });
    conn.on("error", reject);
    conn.on("close", () => reject(new Error(`no master line in: ${out}`)));
  });
}

async function workersPid(): Promise<number> {
  const { stdout } = await run("pgrep", ["-g", String(controlPlane), "-f", "\\.workers/[0-9a-f]+/main\\.mjs"]);
  const pids = stdout.split("\n").filter(Boolean).map(Number);
  assert.equal(pids.length, 1, `one workers process: ${stdout}`);
  return pids[0]!;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("router changes through the router host", { concurrency: false }, () => {
  let other: Awaited<ReturnType<typeof newUser>>;
  let app: string;
  const asOther = (method: string, route: string, body?: unknown) => api(method, route, body, other.headers);

  before(async () => {
    assert.ok(controlPlane > 0, "run through scripts/with-instance.sh");
    other = await newUser("burst");
    app = uniqueName("burst");
    assert.equal((await asOther("POST", "/api/v1/apps", { name: app })).status, 201);
  });
  after(async () => {
    await asOther("DELETE", `/api/v1/apps/${app}`);
  });

  test("a second user's burst of router changes waits for the router host, then one reload applies all of it", async () => {
    const hostnames = Array.from({ length: 12 }, (_, i) => `${app}-${i}.burst.example.com`);
    const before = await reloads();
    const workers = await workersPid();
    // The router host busy (here: stopped): the web app must not reload HAProxy itself.
    process.kill(workers, "SIGSTOP");
    let answered = 0;
    let results: Array<{ status: number; body: unknown }>;
    try {
      const requests = hostnames.map((hostname) => asOther("POST", `/api/v1/apps/${app}/domains`, { hostname }).finally(() => answered++));
      await settle(1500);
      assert.equal(answered, 0, "no change was applied while the router host was away");
      assert.equal(await reloads(), before, "nothing reloaded HAProxy meanwhile");
      process.kill(workers, "SIGCONT");
      results = await Promise.all(requests);
    } finally {
      process.kill(workers, "SIGCONT");
    }
    for (const r of results) assert.equal(r.status, 201, JSON.stringify(r.body));
    // One reload for the whole burst: the first apply covered every request made before it.
    const after = await reloads();
    console.log(`${hostnames.length} router changes while the router host was away: ${after - before} reload(s)`);
    assert.equal(after - before, 1, `${after - before} reloads for ${hostnames.length} changes`);
    for (const hostname of hostnames) {
      const res = await requestViaRouter(app, { headers: { host: hostname } });
      assert.match(res.body, new RegExp(`No web processes running for ${app}`), `${hostname} is routed to ${app}`);
    }
  });

  test("unchanged state is not reloaded, and a lone change reloads once", async () => {
    const before = await reloads();
    // The router host is back: the web app answers at once again.
    await waitFor("the API to answer", async () => (await fetch(`${BASE}/api/v1/health`)).ok || undefined);
    await Promise.all(Array.from({ length: 5 }, () => asOther("PATCH", `/api/v1/apps/${app}`, { maintenance: false })));
    assert.equal(await reloads(), before, "syncing an unchanged state does not reload");
    assert.equal((await asOther("PATCH", `/api/v1/apps/${app}`, { maintenance: true })).status, 200);
    assert.equal(await reloads(), before + 1);
    assert.equal((await requestViaRouter(app)).status, 503);
  });
});
