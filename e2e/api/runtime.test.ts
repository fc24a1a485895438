// The release runtime against real Docker and HAProxy, under continuous traffic: scaling,
// config changes, restarts and rollbacks fail no request; a release that fails its health check
// or its release command leaves the previous one serving; one-off runs; crashes come back with
// backoff; apps cannot reach each other.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { api, BASE, createApp, loadClient, push, runCommand, sampleRepo, token, viaRouter, waitFor } from "../support/berth.ts";

const run = promisify(execFile);

interface Process {
  name: string;
  type: string;
  state: string;
  release: number;
  restarts: number;
}

const processes = async (app: string): Promise<Process[]> => (await api("GET", `/api/v1/apps/${app}/processes`)).body;
const upCount = async (app: string, type: string) => (await processes(app)).filter((p) => p.type === type && p.state === "up").length;

async function releaseStatus(app: string, version: number) {
  return waitFor(`v${version} of ${app} to finish`, async () => {
    const r = ((await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ version: number; status: string; error: string | null }>).find((x) => x.version === version);
    return r && (r.status === "succeeded" || r.status === "failed") ? r : undefined;
  });
}


describe("release runtime", { concurrency: false }, () => {
  let app: string;
  let repo: string;

  before(async () => {
    app = await createApp("rt");
    repo = await sampleRepo("runtime-sample");
    const pushed = await push(repo, app);
    assert.equal(pushed.code, 0, pushed.output);
    assert.match(pushed.output, /remote: -----> Running release command: echo/);
    assert.match(pushed.output, /remote:        release phase for runtime v1/);
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("the formation lists the Procfile's types; bad scales are refused and change nothing", async () => {
    const formation = (await api("GET", `/api/v1/apps/${app}/formation`)).body;
    assert.deepEqual(
      formation.map((f: { type: string; quantity: number; size: string }) => `${f.type}=${f.quantity}:${f.size}`),
      ["crasher=0:standard", "web=1:standard", "worker=0:standard"],
    );
    for (const [type, body, message] of [
      ["web", { quantity: -1 }, /quantity must be 0 or more/],
      ["web", { quantity: 1000 }, /quantity must be at most/],
      ["web", { size: "huge" }, /size must be one of small, standard, large/],
      ["web", {}, /give a quantity, a size, autoscale settings, or several of them/],
      ["nope", { quantity: 1 }, /has no process type "nope" \(it has crasher, web, worker\)/],
      ["release", { quantity: 1 }, /has no process type "release"/],
    ] as const) {
      const res = await api("PATCH", `/api/v1/apps/${app}/formation/${type}`, body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.match(res.body.message, message);
    }
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/formation`)).body, formation);
  });

  test("scale web 1→4→1, change config, restart and roll back under load: no failed request", async () => {
    const load = loadClient(app);
    const step = async (what: string, fn: () => Promise<void>) => {
      const t0 = Date.now();
      await fn();
      console.log(`${what}: ${Date.now() - t0} ms, ${load.failures.length} failed so far of ${load.total}`);
    };
    await step("scale web 1→4", async () => {
      assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 4 })).status, 200);
      await waitFor("4 web processes up", async () => (await upCount(app, "web")) === 4);
      await waitFor("4 dynos answering", async () => new Set([...load.bodies.keys()].map((b) => b.split("dyno=")[1])).size >= 4);
    });
    await step("scale web 4→1", async () => {
      assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 1 })).status, 200);
      await waitFor("1 web process", async () => (await processes(app)).filter((p) => p.type === "web").length === 1);
    });
    await step("config change", async () => {
      const res = await api("PATCH", `/api/v1/apps/${app}/config-vars`, { GREETING: "hi" });
      assert.equal(res.status, 200);
      await waitFor("the new config served", async () => (await viaRouter(app)).body.includes("greeting=hi"));
    });
    await step("restart all", async () => {
      const before = (await processes(app)).map((p) => p.name);
      const res = await api("DELETE", `/api/v1/apps/${app}/processes`);
      assert.equal(res.status, 202);
      assert.deepEqual(res.body.restarting, before);
      const v = (await processes(app))[0];
      await waitFor("a new web.1", async () => {
        const now = await processes(app);
        return now.length === 1 && now[0]!.state === "up" && JSON.stringify(now) !== JSON.stringify([v]);
      });
    });
    await step("roll back to v1", async () => {
      const res = await api("POST", `/api/v1/apps/${app}/releases`, { release: 1 });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.summary, "admin rolled back to v1");
      assert.equal((await releaseStatus(app, res.body.version)).status, "succeeded");
      await waitFor("v1's config served again", async () => (await viaRouter(app)).body.includes("greeting=(unset)"));
    });
    await new Promise((r) => setTimeout(r, 1500));
    const result = await load.stop();
    console.log(`runtime operations under load: ${result.total} requests, ${result.failures.length} failed`);
    assert.deepEqual(result.failures, []);
    assert.ok(result.total > 100, `only ${result.total} requests`);
    const config = (await api("GET", `/api/v1/apps/${app}/config-vars`)).body;
    assert.deepEqual(config, {}, "config changes after a rollback start from the rolled-back config");
  });

  test("rollback refuses unknown and failed releases", async () => {
    assert.equal((await api("POST", `/api/v1/apps/${app}/releases`, { release: 99 })).status, 404);
    assert.equal((await api("POST", `/api/v1/apps/${app}/releases`, { release: "one" })).status, 422);
    assert.equal((await api("POST", `/api/v1/apps/${app}/releases`, {})).status, 422);
  });

  test("a release whose web process fails its health check is marked failed; the previous one keeps serving", async () => {
    const before = (await viaRouter(app)).body;
    assert.equal((await api("PATCH", `/api/v1/apps/${app}`, { healthcheck: { path: "/health", timeout: 30 } })).status, 200);
    const since = Date.now();
    const res = await api("PATCH", `/api/v1/apps/${app}/config-vars`, { FAIL_HEALTH: "1" });
    assert.equal(res.status, 200);
    const version = (await api("GET", `/api/v1/apps/${app}/releases`)).body[0].version;
    const release = await releaseStatus(app, version);
    assert.equal(release.status, "failed");
    // A definite wrong answer fails well before the timeout, with what it was.
    assert.equal(release.error, "web.1: GET /health answered HTTP 500 5 times in a row (the app's health check needs 2xx or 3xx)");
    assert.ok(Date.now() - since < 20_000, `failed after ${Date.now() - since} ms, with a 30 s timeout`);
    assert.equal((await viaRouter(app)).body, before);
    const refused = await api("POST", `/api/v1/apps/${app}/releases`, { release: version });
    assert.equal(refused.status, 422);
    assert.match(refused.body.message, /failed .*roll back to a release that ran/);
    await waitFor("FAIL_HEALTH removed", async () => (await api("PATCH", `/api/v1/apps/${app}/config-vars`, { FAIL_HEALTH: null })).status === 200 || undefined);
  });

  test("a failing release command fails the release and changes nothing", async () => {
    await waitFor("no deploy in progress", async () => (await api("PATCH", `/api/v1/apps/${app}/config-vars`, { RELEASE_FAIL: "1" })).status === 200 || undefined);
    const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body;
    const release = await releaseStatus(app, releases[0].version);
    assert.equal(release.status, "failed");
    assert.equal(release.error, "the release command exited with code 1");
    assert.equal((await viaRouter(app)).status, 200);
    await waitFor("config cleared", async () => (await api("PATCH", `/api/v1/apps/${app}/config-vars`, { RELEASE_FAIL: null })).status === 200 || undefined);
  });

  test("a one-off process runs with the release's image and config and returns its exit code", async () => {
    const result = await runCommand(app, 'cat /app/body.txt; echo "dyno=$DYNO uid=$(id -u)"; exit 7');
    assert.equal(result.exitCode, 7);
    assert.match(result.output, /^runtime v1\ndyno=run\.[0-9a-f]{6} uid=1000\n$/);
    const bad = await api("POST", `/api/v1/apps/${app}/processes`, { command: "  " });
    assert.equal(bad.status, 422);
    assert.match(bad.body.message, /give a command to run/);
  });

  test("workers run without a route, and an app cannot reach another app's containers", async () => {
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/worker`, { quantity: 1, size: "small" })).status, 200);
    await waitFor("worker.1 up", async () => (await upCount(app, "worker")) === 1);
    const cfg = fs.readFileSync(path.join(process.env.BERTH_DATA_DIR!, "router", "haproxy.cfg"), "utf8");
    const backend = cfg.split(`backend app_${app}\n`)[1]!.split("\n\n")[0]!;
    assert.match(backend, /server web\.1-/);
    assert.doesNotMatch(backend, /worker/);
    const { stdout: memory } = await run("docker", ["ps", "--filter", `label=berth.app=${app}`, "--filter", "label=berth.process=worker", "--format", "{{.ID}}"]);
    const { stdout: limits } = await run("docker", ["inspect", memory.trim(), "--format", "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}"]);
    assert.equal(limits.trim(), `${256 * 1024 * 1024} 256 [ALL] [no-new-privileges]`);

    const other = await createApp("rt-other");
    try {
      const otherRepo = await sampleRepo("docker-hello");
      assert.equal((await push(otherRepo, other)).code, 0);
      fs.rmSync(otherRepo, { recursive: true, force: true });
      const ipOf = async (name: string) => {
        const { stdout } = await run("docker", ["ps", "--filter", `label=berth.app=${name}`, "--filter", "label=berth.process=web", "--format", "{{.ID}}"]);
        const { stdout: ip } = await run("docker", ["inspect", stdout.trim().split("\n")[0]!, "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"]);
        return ip.trim();
      };
      const connect = (ip: string) => `python3 -c "import socket; socket.create_connection(('${ip}', 5000), timeout=2); print('connected')"`;
      const own = await runCommand(app, connect(await ipOf(app)));
      assert.equal(own.exitCode, 0, own.output);
      const foreign = await runCommand(app, connect(await ipOf(other)));
      assert.notEqual(foreign.exitCode, 0, "reached another app's container");
      assert.match(foreign.output, /timed out|unreachable|refused/i);
    } finally {
      await api("DELETE", `/api/v1/apps/${other}`);
      await api("PATCH", `/api/v1/apps/${app}/formation/worker`, { quantity: 0 });
    }
  });

  test("a crashing process is restarted at once, then with growing delays, and shown as crashed", async () => {
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/crasher`, { quantity: 1 })).status, 200);
    const restartsAt = new Map<number, number>();
    let sawCrashed = false;
    await waitFor(
      "three restarts",
      async () => {
        const p = (await processes(app)).find((x) => x.type === "crasher");
        if (!p) return false;
        if (p.state === "crashed") sawCrashed = true;
        if (!restartsAt.has(p.restarts)) restartsAt.set(p.restarts, Date.now());
        return p.restarts >= 3;
      },
      60_000,
    );
    await api("PATCH", `/api/v1/apps/${app}/formation/crasher`, { quantity: 0 });
    const gap = (n: number) => restartsAt.get(n)! - restartsAt.get(n - 1)!;
    console.log(`crash restarts: gaps ${gap(2)} ms, ${gap(3)} ms`);
    assert.ok(sawCrashed, "the process was shown as crashed");
    // The delays Berth chose, from its events in the app's log: at once, then 2 s, then 4 s.
    const res = await fetch(`${BASE}/api/v1/apps/${app}/log-stream?lines=500&source=berth&process=crasher`, { headers: { authorization: `Bearer ${await token()}`, accept: "text/plain" } });
    const chosen = (await res.text()).split("\n").flatMap((l) => /crasher\.1 crashed \(exit code 3\); restarting (now|in \d+ s)/.exec(l)?.[1] ?? []);
    assert.deepEqual(chosen.slice(0, 3), ["now", "in 2 s", "in 4 s"]);
    // And kept: it runs 2 s before each crash, so restart 3 came 2 + 4 s after restart 2. A busy
    // machine only makes gaps longer; the polling here can see a restart late, hence 4 s, not 6.
    assert.ok(gap(3) >= 4000, `restart 3 came ${gap(3)} ms after restart 2, sooner than its 4 s delay allows`);
  });
});
