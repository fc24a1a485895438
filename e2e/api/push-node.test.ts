// git push of a Node.js app with no Dockerfile: built by the nodejs buildpack in berth/builder,
// run from a berth/runner slug image, served through the router.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { api, createApp, push, sampleRepo, viaRouter } from "../support/berth.ts";

describe("git push of a Node.js app", () => {
  let app: string;
  let repo: string;
  before(async () => {
    app = await createApp("node");
    repo = await sampleRepo("node-hello");
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("builds with the nodejs buildpack and serves the app on the engines.node version", async () => {
    const result = await push(repo, app);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /remote: -----> Node\.js app detected/);
    assert.match(result.output, /Released v1/);
    const res = await viaRouter(app);
    assert.equal(res.status, 200);
    assert.match(res.body, /^hello from node v20\.\d+\.\d+\n$/);
    const [build] = (await api("GET", `/api/v1/apps/${app}/builds`)).body;
    assert.equal(build.builder, "buildpack");
    assert.match(build.buildpack, /node/i);
    assert.deepEqual(build.processTypes, { web: "npm start" });
    assert.ok(build.imageSize > 0);
  });

  test("a push to a branch other than main or master is rejected", async () => {
    const result = await push(repo, app, { ref: "HEAD:refs/heads/feature" });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /Berth builds only main or master/);
  });

  test("a push with a wrong token is refused", async () => {
    const result = await push(repo, app, { secret: "berth_wrong" });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /Authentication failed|401|could not read/i);
  });
});
