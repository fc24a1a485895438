// Limits on what one user can take (issue 12, items 7 and 10), tried as hostile users of the same
// Berth would: users of their own (invited by the admin), each limit pushed past, and each refusal
// checked to name the limit and change nothing. The test instance sets small limits where reaching
// the default would be slow (scripts/with-instance.sh); the values are read from the environment.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { APPS_DIR, api, BASE, uniqueName, waitFor, newUser } from "../support/berth.ts";

const run = promisify(execFile);
const limit = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MAX_APPS = limit("BERTH_MAX_APPS_PER_USER", 100);
const MAX_PER_APP = limit("BERTH_MAX_CONTAINERS_PER_APP", 50);
const MAX_PER_USER = limit("BERTH_MAX_CONTAINERS_PER_USER", 100);
const MAX_ONE_OFFS = limit("BERTH_MAX_ONE_OFFS_PER_APP", 5);
const MAX_TAILS = limit("BERTH_MAX_LOG_TAILS_PER_USER", 20);
const MAX_LOG_LINES = limit("BERTH_MAX_BUILD_LOG_LINES", 50_000);

interface User {
  username: string;
  headers: Record<string, string>;
}

const as = (user: User, method: string, route: string, body?: unknown) => api(method, route, body, user.headers);

async function createAppAs(user: User, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  const res = await as(user, "POST", "/api/v1/apps", { name });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return name;
}

/**
 * A Dockerfile app (the docker-hello sample's server) whose build runs `step`; the nonce keeps
 * Docker's layer cache from skipping it.
 */
async function dockerSource(step: string): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-limits-"));
  try {
    fs.copyFileSync(path.join(APPS_DIR, "docker-hello", "server.py"), path.join(dir, "server.py"));
    fs.writeFileSync(path.join(dir, "body.txt"), "hello from the limits test\n");
    const nonce = crypto.randomBytes(6).toString("hex");
    fs.writeFileSync(path.join(dir, "Dockerfile"), `FROM berth/runner:latest\nCOPY server.py body.txt /app/\nRUN echo ${nonce} >/dev/null && ${step}\nCMD ["python3", "/app/server.py"]\n`);
    const { stdout } = await run("tar", ["-czf", "-", "-C", dir, "."], { encoding: "buffer", maxBuffer: 1 << 24 });
    return new Uint8Array(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function startBuild(user: User, app: string, step: string): Promise<string> {
  const res = await api("POST", `/api/v1/apps/${app}/builds`, await dockerSource(step), { ...user.headers, "content-type": "application/gzip" });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
}

const buildOf = async (user: User, app: string, id: string) => (await as(user, "GET", `/api/v1/apps/${app}/builds/${id}`)).body;

async function deployed(user: User, app: string, id: string, timeoutMs = 120_000) {
  return waitFor(
    `${app}'s build and release`,
    async () => {
      const b = await buildOf(user, app, id);
      if (b.status === "failed") throw new Error(`the build failed: ${b.error}`);
      return b.status === "succeeded" && b.release?.status === "succeeded" && !(await as(user, "GET", `/api/v1/apps/${app}`)).body.deploying && b;
    },
    timeoutMs,
  );
}

/** A request whose response streams (a one-off, a log tail), held open until closed. */
async function openStream(user: User, route: string, init: { method?: string; body?: unknown; accept?: string } = {}) {
  const abort = new AbortController();
  const res = await fetch(`${BASE}${route}`, {
    method: init.method ?? "GET",
    headers: { ...user.headers, ...(init.body ? { "content-type": "application/json" } : {}), accept: init.accept ?? "text/event-stream" },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: abort.signal,
  });
  const close = () => {
    abort.abort();
    res.body?.cancel().catch(() => undefined);
  };
  return { res, close };
}

describe("limits on what one user can take", () => {
  let alice: User;
  let bob: User;
  const apps: string[] = [];
  const streams: Array<() => void> = [];
  let bobsApp: string;

  before(async () => {
    [alice, bob] = await Promise.all([newUser("lima"), newUser("limb")]);
  });
  after(async () => {
    for (const close of streams) close();
    await Promise.all(apps.map((app) => api("DELETE", `/api/v1/apps/${app}`)));
  });

  test("fair build queue: one user's two builds do not make another user's build wait", async () => {
    const [a1, a2] = [await createAppAs(alice, "lim-a1"), await createAppAs(alice, "lim-a2")];
    bobsApp = await createAppAs(bob, "lim-b1");
    apps.push(a1, a2, bobsApp);

    const long = await startBuild(alice, a1, "sleep 60");
    await waitFor("alice's first build to start", async () => (await buildOf(alice, a1, long)).status === "building", 60_000);
    const second = await startBuild(alice, a2, "true");
    const bobs = await startBuild(bob, bobsApp, "true");

    try {
      await waitFor("bob's build", async () => (await buildOf(bob, bobsApp, bobs)).status === "succeeded", 60_000);
      assert.equal((await buildOf(alice, a1, long)).status, "building", "premise: alice's long build still runs");
      assert.equal((await buildOf(alice, a2, second)).status, "pending", "alice's second build waits for her first, not bob's");
    } finally {
      // The tests after this one use bob's deployed app, whatever happened here.
      await deployed(bob, bobsApp, bobs);
    }

    await deployed(alice, a2, second, 120_000);
    const log = await as(alice, "GET", `/api/v1/apps/${a2}/builds/${second}/output`, undefined);
    assert.match(String(log.body), /Waiting for your other build to finish: the apps of lima\S+ build 1 at a time on this Berth \(BERTH_MAX_BUILDS_PER_USER=1\)/);
    assert.equal(String(log.body).match(/Waiting for your other build/g)?.length, 1, "said once, not on every check");
    assert.equal((await buildOf(alice, a1, long)).status, "succeeded");
  });

  test("a build printing past the line limit is truncated with one notice and still succeeds", async () => {
    const lines = MAX_LOG_LINES + 1000;
    const id = await startBuild(bob, bobsApp, `seq 1 ${lines}`);
    const build = await deployed(bob, bobsApp, id, 180_000);
    assert.equal(build.status, "succeeded");
    const log = String((await as(bob, "GET", `/api/v1/apps/${bobsApp}/builds/${id}/output`)).body).split("\n");
    assert.equal(log.filter((l) => /Output truncated after/.test(l)).length, 1);
    assert.ok(log.some((l) => l.includes(`Output truncated after ${MAX_LOG_LINES} lines, the limit on this Berth (BERTH_MAX_BUILD_LOG_LINES)`)));
    assert.ok(log.length < MAX_LOG_LINES + 100, `${log.length} lines kept`);
    assert.ok(!log.some((l) => l.trim() === String(lines - 100)), "lines past the limit are not kept");
    // What Berth says at the end is still there.
    assert.ok(log.some((l) => /Build succeeded/.test(l)), "the build's outcome is kept");
  });

  test("formation past the per-app or per-user container limit: 422, formation unchanged", async () => {
    const before = (await as(bob, "GET", `/api/v1/apps/${bobsApp}/formation`)).body;
    const perApp = await as(bob, "PATCH", `/api/v1/apps/${bobsApp}/formation/web`, { quantity: MAX_PER_APP + 1 });
    assert.equal(perApp.status, 422, JSON.stringify(perApp.body));
    assert.match(perApp.body.message, new RegExp(`${MAX_PER_APP + 1} containers for this app, more than ${MAX_PER_APP}, the limit on this Berth \\(BERTH_MAX_CONTAINERS_PER_APP=${MAX_PER_APP}\\)`));
    const byAdmin = await api("PATCH", `/api/v1/apps/${bobsApp}/formation/web`, { quantity: MAX_PER_APP + 1 });
    assert.equal(byAdmin.status, 422, "the per-app limit binds admins too");

    // Every app bob owns asks for one web container: enough apps reach his per-user limit.
    const others: string[] = [];
    for (let i = 0; i < MAX_PER_USER - 1; i++) others.push(await createAppAs(bob, `lim-c${i}`));
    apps.push(...others);
    const perUser = await as(bob, "PATCH", `/api/v1/apps/${bobsApp}/formation/web`, { quantity: 2 });
    assert.equal(perUser.status, 422, JSON.stringify(perUser.body));
    assert.match(perUser.body.message, new RegExp(`${MAX_PER_USER + 1} containers over the owner's apps, more than ${MAX_PER_USER}.*BERTH_MAX_CONTAINERS_PER_USER=${MAX_PER_USER}`));
    assert.deepEqual((await as(bob, "GET", `/api/v1/apps/${bobsApp}/formation`)).body, before);
    assert.equal((await as(bob, "PATCH", `/api/v1/apps/${bobsApp}/formation/web`, { quantity: 1 })).status, 200, "what is already asked for stays allowed");
    await Promise.all(others.map((app) => api("DELETE", `/api/v1/apps/${app}`)));
    apps.splice(apps.length - others.length);
  });

  test("one-offs past the per-app limit: 429 with Retry-After", async () => {
    const running = [];
    for (let i = 0; i < MAX_ONE_OFFS; i++) {
      const oneOff = await openStream(bob, `/api/v1/apps/${bobsApp}/processes`, { method: "POST", body: { command: "echo started; sleep 60" }, accept: "application/x-ndjson" });
      streams.push(oneOff.close);
      running.push(oneOff);
      assert.equal(oneOff.res.status, 201);
      // Its container runs once it has said so (a client gone before that is not noticed by the
      // container runtime yet: lib/docker's runToCompletion listens for the abort only after start).
      const reader = oneOff.res.body!.getReader();
      let seen = "";
      while (!seen.includes("started")) {
        const { value, done } = await reader.read();
        if (done) break;
        seen += new TextDecoder().decode(value);
      }
      reader.releaseLock();
    }
    const refused = await openStream(bob, `/api/v1/apps/${bobsApp}/processes`, { method: "POST", body: { command: "echo one too many" }, accept: "application/x-ndjson" });
    streams.push(refused.close);
    assert.equal(refused.res.status, 429);
    assert.ok(Number(refused.res.headers.get("retry-after")) > 0);
    assert.match(((await refused.res.json()) as { message: string }).message, new RegExp(`already runs ${MAX_ONE_OFFS} one-off process.*BERTH_MAX_ONE_OFFS_PER_APP=${MAX_ONE_OFFS}`));
    // A client that goes away ends its one-off, and the slot comes back.
    running.shift()!.close();
    const next = await waitFor("a one-off slot to be given back", async () => {
      const oneOff = await openStream(bob, `/api/v1/apps/${bobsApp}/processes`, { method: "POST", body: { command: "sleep 60" }, accept: "application/x-ndjson" });
      streams.push(oneOff.close);
      if (oneOff.res.status === 201) return oneOff;
      oneOff.close();
      return undefined;
    }, 30_000);
    for (const oneOff of [...running, next]) oneOff.close();
  });

  test("config past the size limit: 422, config and releases unchanged", async () => {
    const config = (await as(bob, "GET", `/api/v1/apps/${bobsApp}/config-vars`)).body;
    const releases = (await as(bob, "GET", `/api/v1/apps/${bobsApp}/releases`)).body.length;
    const big = "x".repeat(30 * 1024);
    const refused = await as(bob, "PATCH", `/api/v1/apps/${bobsApp}/config-vars`, { BIG1: big, BIG2: big, BIG3: big });
    assert.equal(refused.status, 422, JSON.stringify(refused.body).slice(0, 300));
    assert.match(refused.body.message, /the config 91 KiB \(names and values\), more than the \d+ KiB allowed on this Berth \(BERTH_MAX_CONFIG_KB\); nothing was changed/);
    assert.deepEqual((await as(bob, "GET", `/api/v1/apps/${bobsApp}/config-vars`)).body, config);
    assert.equal((await as(bob, "GET", `/api/v1/apps/${bobsApp}/releases`)).body.length, releases);
    assert.equal((await as(bob, "GET", `/api/v1/apps/${bobsApp}`)).body.deploying, false, "the deploy lock was given back");
  });

  test("log tails past the per-user limit: 429; closing one lets a new one in", async () => {
    const route = `/api/v1/apps/${bobsApp}/log-stream?tail=true&lines=1`;
    const open = [];
    for (let i = 0; i < MAX_TAILS; i++) {
      const tail = await openStream(bob, route);
      streams.push(tail.close);
      open.push(tail);
      assert.equal(tail.res.status, 200);
    }
    const refused = await openStream(bob, route);
    assert.equal(refused.res.status, 429);
    assert.ok(Number(refused.res.headers.get("retry-after")) > 0);
    assert.match(((await refused.res.json()) as { message: string }).message, new RegExp(`you have ${MAX_TAILS} live log tails? open.*BERTH_MAX_LOG_TAILS_PER_USER=${MAX_TAILS}`));
    // History without tail holds nothing open and is not counted.
    assert.equal((await as(bob, "GET", `/api/v1/apps/${bobsApp}/log-stream?lines=1`, undefined)).status, 200);

    open.shift()!.close();
    const again = await waitFor("a tail slot to be given back", async () => {
      const tail = await openStream(bob, route);
      if (tail.res.status === 200) return tail;
      tail.close();
      return undefined;
    }, 15_000);
    streams.push(again.close);
    for (const tail of [...open, again]) tail.close();
  });

  test("POST /apps with someone else's taken name, repeated fast: 429 after the bound, for free names too", async () => {
    const taken = apps[0]!; // alice's
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await as(bob, "POST", "/api/v1/apps", { name: taken })).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(409));
    assert.deepEqual(statuses.slice(10), Array(5).fill(429));
    const free = uniqueName("lim-free");
    const refused = await as(bob, "POST", "/api/v1/apps", { name: free });
    assert.equal(refused.status, 429, "a free name is refused too: the answer tells nothing");
    assert.match(refused.body.message, /you tried 10 app names that were taken in 10 minutes/);
    assert.equal((await api("GET", `/api/v1/apps/${free}`)).status, 404, "nothing was created");
    // A burst sent all at once is counted before any answer.
    const carol = await newUser("limc");
    const burst = await Promise.all(Array.from({ length: 30 }, () => as(carol, "POST", "/api/v1/apps", { name: taken }).then((r) => r.status)));
    assert.equal(burst.filter((s) => s === 409).length, 10, JSON.stringify(burst));
    assert.equal(burst.filter((s) => s === 429).length, 20);
  });

  test("apps past the per-user limit: 422 naming the limit, nothing created", async () => {
    const dave = await newUser("limd");
    // One after another: creates in flight count against the taken-name bound until they succeed.
    for (let i = 0; i < MAX_APPS; i++) apps.push(await createAppAs(dave, `lim-d${i}`));
    const name = uniqueName("lim-over");
    const refused = await as(dave, "POST", "/api/v1/apps", { name });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.match(refused.body.message, new RegExp(`you have ${MAX_APPS} apps, the limit on this Berth \\(BERTH_MAX_APPS_PER_USER=${MAX_APPS}\\); delete one before creating another`));
    assert.equal((await as(dave, "GET", "/api/v1/apps")).body.length, MAX_APPS);
    assert.equal((await api("GET", `/api/v1/apps/${name}`)).status, 404);
  });
});
