// Health checks as Heroku and Dokku users expect them, through git push and the router: an API
// whose / is 404 deploys; a web process that exits at once fails the push fast with its own exit
// code and last lines (never a router error), every time; a configured path that answers 404
// fails fast with the status; a CHECKS file's path and content are honoured, and the app's own
// path wins over it; bad settings are refused and change nothing, also for another user.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { api, BASE, commitAll, createApp, push, sampleRepo, viaRouter, waitFor } from "../support/berth.ts";

interface Release {
  version: number;
  status: string;
  error: string | null;
}

async function newestRelease(app: string): Promise<Release> {
  return (await api("GET", `/api/v1/apps/${app}/releases`)).body[0];
}

/** Waits for vN to end; resolves with it and how long it took from `since`. */
async function releaseOutcome(app: string, version: number, since: number) {
  const release = await waitFor(`v${version} of ${app} to finish`, async () => {
    const r = ((await api("GET", `/api/v1/apps/${app}/releases`)).body as Release[]).find((x) => x.version === version);
    return r && (r.status === "succeeded" || r.status === "failed") ? r : undefined;
  }, 90_000);
  return { release, ms: Date.now() - since };
}

/** A config change makes a release: its version, once the app is free to take one. */
async function configChange(app: string, vars: Record<string, string | null>) {
  await waitFor(`${app} to take a config change`, async () => (await api("PATCH", `/api/v1/apps/${app}/config-vars`, vars)).status === 200 || undefined);
  return (await newestRelease(app)).version;
}

/** A second user with a token of their own, who is no collaborator of the apps here. */
async function otherUser() {
  const username = `hc${Date.now() % 1_000_000}${Math.floor(Math.random() * 100)}`;
  const password = `pw-${Date.now()}-hc`;
  const invitation = await api("POST", "/api/v1/invitations", {});
  assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
  assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username, password })).status, 201);
  const login = await fetch(`${BASE}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  return { username, headers: { authorization: `Bearer ${((await login.json()) as { token: string }).token}` } };
}

describe("health checks", { concurrency: false }, () => {
  const apps: string[] = [];
  const repos: string[] = [];
  let apiApp: string;

  before(async () => {
    apiApp = await createApp("hc-api");
    apps.push(apiApp);
  });
  after(async () => {
    for (const app of apps) await api("DELETE", `/api/v1/apps/${app}`);
    for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
  });

  test("an API whose / answers 404 deploys by default and serves through the router", async () => {
    const repo = await sampleRepo("api-404");
    repos.push(repo);
    const result = await push(repo, apiApp);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /remote: -----> Released v1/);
    const app = await api("GET", `/api/v1/apps/${apiApp}`);
    assert.deepEqual(app.body.healthcheck, { path: null, timeout: 60 }, "a new app has no health-check path");
    assert.deepEqual(await viaRouter(apiApp, "/items"), { status: 200, body: '{"items": ["a", "b"], "greeting": ""}\n' });
    assert.deepEqual(await viaRouter(apiApp, "/"), { status: 404, body: '{"error": "not_found"}\n' });
  });

  test("a web process that exits at once fails the push fast with its exit code and last lines, every time", async () => {
    const app = await createApp("hc-exit");
    apps.push(app);
    const repo = await sampleRepo("exits-at-once");
    repos.push(repo);
    // The router's pre-validation used to race the check: sometimes "bad address" won. Try a few times.
    for (let attempt = 1; attempt <= 4; attempt++) {
      if (attempt > 1) await commitAll(repo, `attempt ${attempt}`);
      const started = Date.now();
      const result = await push(repo, app);
      const ms = Date.now() - started;
      assert.notEqual(result.code, 0, result.output);
      const reason = "web.1: the process exited with code 127 before answering its health check";
      assert.ok(result.output.includes(`remote:  !     Release v${attempt} failed: ${reason} `), result.output);
      assert.match(result.output, /remote:        web\.1: booting the api on port 5000 *\n/);
      assert.match(result.output, /remote:        web\.1: config: DATABASE_URL is not set *\n/);
      assert.match(result.output, /remote:        web\.1: .*no-such-server: command not found *\n/);
      assert.doesNotMatch(result.output, /router|bad address/);
      assert.equal(result.output.split(`failed: ${reason}`).length - 1, 2, "the exit is the failure, reported once by the release (and repeated by the push's refusal)");
      assert.equal(result.output.split("exited with code").length - 1, 2, "no other container's failure is reported");
      const release = await newestRelease(app);
      assert.deepEqual(release.error, reason);
      assert.equal(release.status, "failed");
      assert.ok(ms < 30_000, `push ${attempt} took ${ms} ms`);
      console.log(`exits-at-once push ${attempt}: failed in ${ms} ms`);
    }
    assert.notEqual((await viaRouter(app)).status, 200, "nothing serves");
  });

  test("a configured path that answers 404 fails fast with the status; the previous release keeps serving; null clears it", async () => {
    const set = await api("PATCH", `/api/v1/apps/${apiApp}`, { healthcheck: { path: "/health", timeout: 60 } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.healthcheck, { path: "/health", timeout: 60 });
    const since = Date.now();
    const version = await configChange(apiApp, { GREETING: "hi" });
    const { release, ms } = await releaseOutcome(apiApp, version, since);
    assert.equal(release.status, "failed");
    assert.equal(release.error, "web.1: GET /health answered HTTP 404 5 times in a row (the app's health check needs 2xx or 3xx)");
    assert.ok(ms < 25_000, `failed after ${ms} ms, with a 60 s timeout`);
    console.log(`a configured path answering 404 failed in ${ms} ms (timeout 60 s)`);
    assert.equal((await viaRouter(apiApp, "/items")).body, '{"items": ["a", "b"], "greeting": ""}\n', "v1 keeps serving");

    const cleared = await api("PATCH", `/api/v1/apps/${apiApp}`, { healthcheck: { path: null } });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.deepEqual(cleared.body.healthcheck, { path: null, timeout: 60 });
    const next = await configChange(apiApp, { GREETING: "hello" });
    assert.equal((await releaseOutcome(apiApp, next, Date.now())).release.status, "succeeded");
    assert.equal((await viaRouter(apiApp, "/items")).body, '{"items": ["a", "b"], "greeting": "hello"}\n');
  });

  test("bad health-check settings are refused with the rule and change nothing; another user cannot change them", async () => {
    assert.equal((await api("PATCH", `/api/v1/apps/${apiApp}`, { healthcheck: { path: "/items", timeout: 30 } })).status, 200);
    const refusals: Array<[unknown, RegExp]> = [
      [{ path: "items" }, /^the health-check path starts with \//],
      [{ path: "" }, /^the health-check path starts with \//],
      [{ path: "/a b" }, /no spaces/],
      [{ path: "/a\r\nHost: other" }, /no spaces/],
      [{ path: 404 }, /^the health-check path is a string starting with \/, or null/],
      [{ path: `/${"a".repeat(1024)}` }, /at most 1024 characters/],
      [{ timeout: 0 }, /^the health-check timeout is 1 to 300 seconds/],
      [{ timeout: 301 }, /1 to 300 seconds/],
      [{ timeout: 2.5 }, /whole seconds/],
      [{ timeout: "60" }, /a number of seconds/],
      [{ path: "/x", attempts: 3 }, /attempts/],
    ];
    for (const [healthcheck, message] of refusals) {
      const res = await api("PATCH", `/api/v1/apps/${apiApp}`, { healthcheck, maintenance: true });
      assert.equal(res.status, 422, `${JSON.stringify(healthcheck)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, message);
    }
    const other = await otherUser();
    for (const body of [{ healthcheck: { path: null } }, { healthcheck: { path: "/x", timeout: 1 } }]) {
      const res = await api("PATCH", `/api/v1/apps/${apiApp}`, body, other.headers);
      assert.equal(res.status, 404, JSON.stringify(res.body));
    }
    const app = (await api("GET", `/api/v1/apps/${apiApp}`)).body;
    assert.deepEqual(app.healthcheck, { path: "/items", timeout: 30 }, "nothing changed");
    assert.equal(app.maintenance, false, "nothing else in a refused request changed either");
  });

  test("a CHECKS file's path and content are honoured; the app's own path wins over it; a malformed one fails the build", async () => {
    const app = await createApp("hc-checks");
    apps.push(app);
    const repo = await sampleRepo("checks-file");
    repos.push(repo);
    const result = await push(repo, app);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /remote: -----> CHECKS file: web processes must answer \/ready "status: ok" *\n/);
    assert.match(result.output, /remote: -----> Released v1/);
    assert.deepEqual(await viaRouter(app, "/ready"), { status: 200, body: "status: ok\n" });

    // /ready answers 200 without the content: not enough, and ATTEMPTS=2 fails it after two answers.
    const since = Date.now();
    const failing = await configChange(app, { READY: "0" });
    const { release, ms } = await releaseOutcome(app, failing, since);
    assert.equal(release.status, "failed");
    assert.equal(release.error, 'web.1: GET /ready answered HTTP 200 without "status: ok" 2 times in a row (a CHECKS check needs 2xx or 3xx holding "status: ok")');
    assert.ok(ms < 25_000, `failed after ${ms} ms`);
    assert.deepEqual(await viaRouter(app, "/ready"), { status: 200, body: "status: ok\n" }, "v1 keeps serving");

    // The app's setting wins over the CHECKS file: /ping passes although /ready still says "starting".
    assert.equal((await api("PATCH", `/api/v1/apps/${app}`, { healthcheck: { path: "/ping" } })).status, 200);
    const passing = await configChange(app, { OTHER: "1" });
    assert.equal((await releaseOutcome(app, passing, Date.now())).release.status, "succeeded");
    assert.deepEqual(await viaRouter(app, "/ready"), { status: 200, body: "status: starting\n" });

    fs.writeFileSync(path.join(repo, "CHECKS"), "/ready status: ok\nWAIT=soon\n");
    await commitAll(repo, "a malformed CHECKS file");
    const broken = await push(repo, app);
    assert.notEqual(broken.code, 0, broken.output);
    assert.match(broken.output, /remote:  !     Build failed: CHECKS line 2: WAIT is a whole number of seconds, 0 to 300 *\n/);
  });
});
