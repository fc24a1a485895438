// Release semantics as on Heroku and Deis: a config change runs the newest successful build (a
// failed first deploy is fixed by setting the missing var), a config set before any build is
// recorded rather than "succeeded", and an add-on's vars exist from the moment it is created —
// a push right after waits for it, a build already running releases with it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { api, createApp, uploadSample, viaRouter, waitFor } from "../support/berth.ts";


interface Release {
  version: number;
  status: string;
  error: string | null;
  build: string | null;
  summary: string;
}

/** Uploads e2e/apps/needs-config, with extra Dockerfile lines before its CMD; returns the build's id. */
const upload = (app: string, extraLines: string[] = []) =>
  uploadSample(app, "needs-config", (dir) => {
    const dockerfile = fs.readFileSync(path.join(dir, "Dockerfile"), "utf8").replace(/^CMD /m, `${extraLines.map((l) => `${l}\n`).join("")}CMD `);
    fs.writeFileSync(path.join(dir, "Dockerfile"), dockerfile);
  });

const releases = async (app: string) => (await api("GET", `/api/v1/apps/${app}/releases`)).body as Release[];

async function settled(app: string, version: number): Promise<Release> {
  return waitFor(`v${version} of ${app} to settle`, async () => {
    const r = (await releases(app)).find((x) => x.version === version);
    return r && ["succeeded", "failed", "unbuilt"].includes(r.status) ? r : undefined;
  }, 180_000);
}

const output = async (app: string, buildId: string) => String((await api("GET", `/api/v1/apps/${app}/builds/${buildId}/output`, undefined, { accept: "text/plain" })).body);

describe("release semantics", { concurrency: 2 }, () => {
  const apps: string[] = [];
  const addons: string[] = [];
  after(async () => {
    for (const app of apps) await api("DELETE", `/api/v1/apps/${app}`);
    for (const addon of addons) await api("DELETE", `/api/v1/addons/${addon}`, { confirm: addon });
  });

  test("a config change after a failed first deploy runs that build with the fix", async () => {
    const app = await createApp("sem-fix");
    apps.push(app);
    const buildId = await upload(app);
    const v1 = await settled(app, 1);
    assert.equal(v1.status, "failed", JSON.stringify(v1));
    assert.equal(v1.build, buildId);
    const fix = await api("PATCH", `/api/v1/apps/${app}/config-vars`, { NEEDED: "yes" });
    assert.equal(fix.status, 200, JSON.stringify(fix.body));
    const v2 = await settled(app, 2);
    assert.equal(v2.status, "succeeded", JSON.stringify(v2));
    assert.equal(v2.build, buildId, "the newest successful build, though its release failed");
    assert.deepEqual(await viaRouter(app), { status: 200, body: "ok NEEDED=yes\n" });
  });

  test("config set before any build is recorded with nothing to run; the first build runs with it", async () => {
    const app = await createApp("sem-early");
    apps.push(app);
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/config-vars`, { NEEDED: "early" })).status, 200);
    const v1 = await settled(app, 1);
    assert.equal(v1.status, "unbuilt");
    assert.equal(v1.build, null);
    assert.match(v1.error ?? "", /no build to run yet: the app's first successful build runs with this config/);
    await upload(app);
    assert.equal((await settled(app, 2)).status, "succeeded");
    assert.deepEqual(await viaRouter(app), { status: 200, body: "ok NEEDED=early\n" });
  });

  test("add a Postgres, then push at once: the first release has DATABASE_URL, and its app starts only once Postgres answers", async () => {
    const app = await createApp("sem-addon");
    apps.push(app);
    const created = await api("POST", `/api/v1/apps/${app}/addons`, { service: "postgres" });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    addons.push(created.body.name);
    const buildId = await upload(app, ["ENV REQUIRE=DATABASE_URL"]);
    const live = await waitFor("a live release", async () => (await releases(app)).find((r) => r.build === buildId && (r.status === "succeeded" || r.status === "failed")), 240_000);
    const log = await output(app, buildId);
    assert.equal(live.status, "succeeded", `${JSON.stringify(live)}\n${log}`);
    // Whether the release had to wait depends on which was quicker, the build or the add-on (the
    // wait itself is tested in lib/deploy/wait-for-addons.test.ts); when it did, it says so.
    if (log.includes("-----> Waiting for")) assert.match(log, new RegExp(`^-----> Waiting for ${created.body.name} to be ready\n {7}${created.body.name} ready after \\d+\\.\\d s$`, "m"));
    assert.deepEqual(await viaRouter(app), { status: 200, body: "ok DATABASE_URL=set\n" });
  });

  test("an add-on created while a build runs: the request does not wait, and the build's release has its vars", async () => {
    const app = await createApp("sem-during");
    apps.push(app);
    const buildId = await upload(app, ["RUN sleep 12", "ENV REQUIRE=REDIS_URL"]);
    await waitFor("the build to start", async () => (await api("GET", `/api/v1/apps/${app}/builds/${buildId}`)).body.status === "building");
    const asked = Date.now();
    const created = await api("POST", `/api/v1/apps/${app}/addons`, { service: "redis" });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    addons.push(created.body.name);
    assert.ok(Date.now() - asked < 10_000, `the request waited ${Date.now() - asked} ms for the running build`);
    assert.equal((await api("GET", `/api/v1/apps/${app}/builds/${buildId}`)).body.status, "building", "the build was still running when the add-on was made");
    const v1 = await settled(app, 1);
    assert.equal(v1.status, "succeeded", `${JSON.stringify(v1)}\n${await output(app, buildId)}`);
    assert.deepEqual(await viaRouter(app), { status: 200, body: "ok REDIS_URL=set\n" });
    // The add-on's own release had nothing left to carry: the build's release had its vars.
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual((await releases(app)).map((r) => r.version), [1]);
  });
});
