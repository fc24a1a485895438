// git push of a Dockerfile app through smart HTTP, served by HAProxy: first deploy, a second push
// under continuous traffic with zero failed requests, config changes, a broken push, and refusals.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { APPS_DIR, api, commitAll, createApp, imageRepoOf, loadClient, push, sampleRepo, viaRouter, waitFor } from "../support/berth.ts";

const run = promisify(execFile);

describe("git push of a Dockerfile app", { concurrency: false }, () => {
  let app: string;
  let repo: string;

  before(async () => {
    app = await createApp("dock");
    repo = await sampleRepo("docker-hello");
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("the first push builds, releases v1 and serves through the router", async () => {
    const result = await push(repo, app);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /remote: -----> Building with the Dockerfile/);
    assert.match(result.output, /remote: -----> Released v1/);
    assert.deepEqual(await viaRouter(app), { status: 200, body: "hello from docker v1\n" });
    const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body;
    assert.equal(releases[0].version, 1);
    assert.equal(releases[0].status, "succeeded");
    assert.match(releases[0].summary, /^admin deployed [0-9a-f]{7}$/);
    const builds = (await api("GET", `/api/v1/apps/${app}/builds`)).body;
    assert.equal(builds[0].status, "succeeded");
    assert.equal(builds[0].builder, "dockerfile");
    const { stdout } = await run("docker", ["image", "inspect", `${await imageRepoOf(app)}:v1`, "--format", "{{.Id}}"]);
    assert.match(stdout, /^sha256:/);
  });

  test("a second push under continuous traffic fails no request", async () => {
    const load = loadClient(app);
    fs.writeFileSync(path.join(repo, "body.txt"), "hello from docker v2\n");
    await commitAll(repo, "v2");
    const result = await push(repo, app);
    // keep polling a moment after the switch: old containers drain and stop now
    await new Promise((r) => setTimeout(r, 3000));
    const { total, failures, bodies: seen } = await load.stop();
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /Released v2/);
    console.log(`zero-downtime push: ${total} requests, ${failures.length} failed, bodies ${JSON.stringify([...seen])}`);
    assert.deepEqual(failures, []);
    assert.ok((seen.get("hello from docker v1\n") ?? 0) > 0, "served v1 during the build");
    assert.ok((seen.get("hello from docker v2\n") ?? 0) > 0, "served v2 after the switch");
    assert.ok(total > 50, `only ${total} requests were made`);
  });

  test("a config change makes a release and reaches the running container", async () => {
    const res = await api("PATCH", `/api/v1/apps/${app}/config-vars`, { GREETING: "hello $(touch /tmp/berth-pwned) `id`" });
    assert.equal(res.status, 200);
    const body = await waitFor("the new config", async () => {
      const r = await viaRouter(app, "/env");
      return r.body.startsWith("hello") ? r.body : undefined;
    });
    assert.equal(body, "hello $(touch /tmp/berth-pwned) `id`\n");
    assert.equal(fs.existsSync("/tmp/berth-pwned"), false);
    const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body;
    assert.equal(releases[0].version, 3);
    assert.equal(releases[0].summary, "admin set GREETING");
    assert.equal((await viaRouter(app)).body, "hello from docker v2\n");
  });

  test("a broken Dockerfile rejects the push, keeps its log, and the old release serves on", async () => {
    await waitFor("the config deploy to finish", async () => !(await api("GET", `/api/v1/apps/${app}`)).body.deploying);
    fs.copyFileSync(path.join(APPS_DIR, "docker-broken", "Dockerfile"), path.join(repo, "Dockerfile"));
    await commitAll(repo, "broken");
    const result = await push(repo, app);
    assert.notEqual(result.code, 0);
    assert.match(result.output, /about to fail/);
    assert.match(result.output, /pre-receive hook declined|rejected/);
    assert.deepEqual(await viaRouter(app), { status: 200, body: "hello from docker v2\n" });
    const [failed] = (await api("GET", `/api/v1/apps/${app}/builds`)).body;
    assert.equal(failed.status, "failed");
    const log = await api("GET", `/api/v1/apps/${app}/builds/${failed.id}/output`, undefined, { accept: "text/plain" });
    assert.match(String(log.body), /about to fail/);
    assert.equal((await api("GET", `/api/v1/apps/${app}/releases`)).body[0].version, 3);
    await run("git", ["-C", repo, "reset", "-q", "--hard", "HEAD~1"]);
  });

  test("a push while another deploy runs is refused with a clear message", async () => {
    const tarball = (await run("git", ["-C", repo, "archive", "--format=tar.gz", "HEAD"], { encoding: "buffer", maxBuffer: 1 << 24 })).stdout;
    const upload = await api("POST", `/api/v1/apps/${app}/builds`, new Uint8Array(tarball), { "content-type": "application/gzip" });
    assert.equal(upload.status, 201);
    const second = await api("POST", `/api/v1/apps/${app}/builds`, new Uint8Array(tarball), { "content-type": "application/gzip" });
    assert.equal(second.status, 409);
    assert.equal(second.body.message, `another deploy of ${app} is in progress; try again when it has finished`);
    fs.writeFileSync(path.join(repo, "body.txt"), "hello from docker v3\n");
    await commitAll(repo, "v3");
    const pushed = await push(repo, app);
    assert.notEqual(pushed.code, 0);
    assert.match(pushed.output, /another deploy of .* is in progress/);
    await waitFor("the upload's build", async () => {
      const b = (await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}`)).body;
      return b.release?.status === "succeeded";
    }, 120_000);
  });

  test("deleting the app removes its containers, images and route", async () => {
    const name = app;
    const repo = await imageRepoOf(name);
    assert.equal((await api("DELETE", `/api/v1/apps/${name}`)).status, 204);
    const { stdout } = await run("docker", ["ps", "-aq", "--filter", `label=berth.app=${name}`]);
    assert.equal(stdout.trim(), "");
    const images = await run("docker", ["images", "-q", repo]);
    assert.equal(images.stdout.trim(), "");
    assert.equal((await viaRouter(name)).status, 404);
  });
});
