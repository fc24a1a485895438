// What must survive the control plane and the engine going away. These tests stop processes the
// whole instance shares (its workers, its Redis, dockerd), so scripts/test.sh runs this file on
// its own, after every other test, in an instance with a private Redis.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { api, commitAll, createApp, push, sampleRepo, viaRouter, waitFor } from "../support/berth.ts";

const run = promisify(execFile);
const controlPlane = Number(process.env.BERTH_TEST_CONTROL_PLANE_PGID);
const redisPort = new URL(process.env.BERTH_REDIS_URL ?? "redis://127.0.0.1:6379").port;
const dataDir = process.env.BERTH_DATA_DIR!;

async function pidsOf(pattern: string): Promise<number[]> {
  const { stdout } = await run("pgrep", ["-g", String(controlPlane), "-f", pattern]).catch(() => ({ stdout: "" }));
  return stdout.split("\n").filter(Boolean).map(Number);
}

const processes = async (app: string) => (await api("GET", `/api/v1/apps/${app}/processes`)).body as Array<{ name: string; state: string; release: number }>;

/** Sends requests through the router for a while; returns the failures. */
async function requestsFor(app: string, ms: number): Promise<{ total: number; failures: string[] }> {
  const failures: string[] = [];
  let total = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    total++;
    const res = await viaRouter(app).catch((err: Error) => ({ status: 0, body: err.message }));
    if (res.status !== 200) failures.push(`${res.status} ${res.body.slice(0, 60)}`);
  }
  return { total, failures };
}

describe("the data plane without the control plane, and recovery", { concurrency: false }, () => {
  let app: string;
  let repo: string;

  before(async () => {
    assert.ok(controlPlane > 0, "run through scripts/with-instance.sh");
    assert.ok(redisPort !== "6379", "needs a private Redis: BERTH_PRIVATE_REDIS=1");
    app = await createApp("cp");
    repo = await sampleRepo("docker-hello");
    const pushed = await push(repo, app);
    assert.equal(pushed.code, 0, pushed.output);
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
    // The app's deletion detaches its add-ons; they go with a confirmation.
    for (const addon of (await api("GET", "/api/v1/addons")).body as Array<{ name: string }>) {
      await api("DELETE", `/api/v1/addons/${addon.name}`, { confirm: addon.name });
    }
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("apps keep answering through HAProxy while the web app, the workers and Redis are stopped", async () => {
    // The web app, the workers and their supervisors: the whole process group, frozen.
    await run("redis-cli", ["-p", redisPort, "shutdown", "nosave"]).catch(() => undefined);
    process.kill(-controlPlane, "SIGSTOP");
    let result;
    try {
      await assert.rejects(fetch(`${process.env.BERTH_TEST_URL}/api/v1/health`, { signal: AbortSignal.timeout(1000) }), "the web app is stopped");
      result = await requestsFor(app, 3000);
    } finally {
      process.kill(-controlPlane, "SIGCONT");
      await run("redis-server", ["--port", redisPort, "--bind", "127.0.0.1", "--dir", dataDir, "--save", "", "--appendonly", "no", "--daemonize", "yes"]);
    }
    console.log(`with the control plane stopped: ${result.total} requests, ${result.failures.length} failed`);
    assert.deepEqual(result.failures, []);
    assert.ok(result.total > 20);
    // The control plane comes back by itself: a config change deploys again.
    await waitFor("a config change accepted", async () => (await api("PATCH", `/api/v1/apps/${app}/config-vars`, { GREETING: "back" })).status === 200 || undefined);
    await waitFor("the new config served", async () => (await viaRouter(app, "/env")).body === "back\n");
  });

  test("kill -9 of the workers mid-deploy: the deploy ends cleanly and the formation converges", async () => {
    fs.writeFileSync(path.join(repo, "body.txt"), "hello after a worker crash\n");
    await commitAll(repo, "v-crash");
    const pushing = push(repo, app);
    await waitFor("the deploy to start", async () => (await api("GET", `/api/v1/apps/${app}/releases`)).body[0].status === "deploying", 120_000);
    const [worker] = await pidsOf("\\.workers/[0-9a-f]+/main\\.mjs");
    assert.ok(worker, "found the worker process");
    process.kill(worker!, "SIGKILL");
    const pushed = await pushing;
    const release = await waitFor(
      "the release to end",
      async () => {
        const r = (await api("GET", `/api/v1/apps/${app}/releases`)).body[0];
        return r.status === "succeeded" || r.status === "failed" ? r : undefined;
      },
      120_000,
    );
    console.log(`after kill -9 mid-deploy: v${release.version} ${release.status}${release.error ? ` (${release.error})` : ""}; push exit ${pushed.code}`);
    const expected = release.status === "succeeded" ? "hello after a worker crash\n" : "hello from docker v1\n";
    await waitFor("one web process serving", async () => {
      const ps = await processes(app);
      return ps.length === 1 && ps[0]!.state === "up" && (await viaRouter(app)).body === expected;
    }, 60_000);
    await waitFor("no container left over", async () => {
      const { stdout } = await run("docker", ["ps", "-aq", "--filter", `label=berth.app=${app}`, "--filter", "label=berth.kind=app"]);
      return stdout.trim().split("\n").filter(Boolean).length === 1;
    }, 90_000);
  });

  test("after dockerd restarts, every app serves again and an add-on still has its data", async () => {
    const addon = await provisionRedis(app);
    assert.equal(await redisCli(addon, "set", "survives", "a dockerd restart"), "OK");
    const before = (await viaRouter(app)).body;
    await run("pkill", ["-TERM", "-x", "dockerd"]);
    await waitFor("dockerd to stop", async () => (await run("pgrep", ["-x", "dockerd"]).then(() => false, () => true)), 60_000);
    const started = Date.now();
    await run("bash", [path.resolve(import.meta.dirname, "../../scripts/start-dockerd.sh")]);
    await waitFor("the app to serve again", async () => (await viaRouter(app)).status === 200, 90_000);
    console.log(`dockerd restart: the app served again ${Date.now() - started} ms after dockerd was started`);
    assert.equal((await viaRouter(app)).body, before);
    const ps = await processes(app);
    assert.deepEqual(ps.map((p) => `${p.name}:${p.state}`), ["web.1:up"]);
    await waitFor("the add-on to answer again", async () => (await redisCli(addon, "get", "survives").catch(() => "")) === "a dockerd restart", 60_000);
    console.log(`dockerd restart: the add-on answered with its data ${Date.now() - started} ms after dockerd was started`);
    assert.equal((await api("GET", `/api/v1/addons/${addon.name}`)).body.state, "available");
  });
});

interface RedisAddon {
  name: string;
  password: string;
}

/** A Redis add-on on the hobby plan (its writes go to disk), attached to the app. */
async function provisionRedis(app: string): Promise<RedisAddon> {
  const created = await api("POST", `/api/v1/apps/${app}/addons`, { service: "redis", plan: "hobby" });
  assert.equal(created.status, 202, JSON.stringify(created.body));
  const name = created.body.name as string;
  await waitFor("the add-on to be available", async () => (await api("GET", `/api/v1/addons/${name}`)).body.state === "available", 120_000);
  const shown = await api("GET", `/api/v1/apps/${app}/addons/${name}?credentials=true`);
  return { name, password: shown.body.credentials.password };
}

async function redisCli(addon: RedisAddon, ...args: string[]): Promise<string> {
  const container = `${process.env.BERTH_INSTANCE}-addon-${addon.name}`;
  const { stdout } = await run("docker", ["exec", "-e", `REDISCLI_AUTH=${addon.password}`, container, "redis-cli", "--no-auth-warning", ...args]);
  return stdout.trim();
}
