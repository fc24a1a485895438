// Buildpack builds through the upload API: each fixture app is built in berth/builder, released
// and requested through the router; bad apps fail with a message that says what to do.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { api, createApp, requestViaRouter, viaRouter, waitFor } from "../support/berth.ts";

const run = promisify(execFile);
const FIXTURES = path.resolve(import.meta.dirname, "..", "..", "buildpacks", "nodejs", "test", "fixtures");

async function tarball(dir: string): Promise<Uint8Array> {
  const { stdout } = await run("tar", ["-C", dir, "-czf", "-", "."], { encoding: "buffer", maxBuffer: 1 << 26 });
  return new Uint8Array(stdout);
}

/** Uploads a folder and waits until its pipeline has ended; returns the build and its log. */
async function deployFolder(app: string, dir: string) {
  const upload = await api("POST", `/api/v1/apps/${app}/builds`, await tarball(dir), { "content-type": "application/gzip" });
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  const log = String((await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}/output`, undefined, { accept: "text/plain" })).body);
  const build = (await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}`)).body;
  return { build, log };
}

describe("nodejs buildpack", () => {
  test("an app with dependencies, on the engines.node line, with the download cached for the next build", async () => {
    const app = await createApp("bp-deps");
    try {
      const first = await deployFolder(app, path.join(FIXTURES, "with-deps"));
      assert.equal(first.build.status, "succeeded", first.log);
      assert.equal(first.build.release?.status, "succeeded", first.log);
      assert.match(first.log, /Resolved Node\.js 22\.\d+\.\d+/);
      assert.deepEqual(await viaRouter(app), { status: 200, body: "one minute is 60000 ms\n" });
      const second = await waitFor("a second build", async () => {
        const d = await deployFolder(app, path.join(FIXTURES, "with-deps"));
        return d.build.status === "succeeded" ? d : undefined;
      });
      assert.match(second.log, /Using the cached download/);
      console.log(`nodejs buildpack: cold build ${first.build.durationSeconds} s, warm build ${second.build.durationSeconds} s`);
      assert.ok(second.build.durationSeconds < first.build.durationSeconds, "the warm build is faster");
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });

  test("the build script runs with devDependencies, which are pruned from the slug", async () => {
    const app = await createApp("bp-build");
    try {
      const { build, log } = await deployFolder(app, path.join(FIXTURES, "build-script"));
      assert.equal(build.release?.status, "succeeded", log);
      assert.match(log, /npm run build/);
      assert.deepEqual(await viaRouter(app), { status: 200, body: "built with a devDependency: 2000; devDependencies present: false\n" });
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });

  test("an invalid package.json fails the build with what to do", async () => {
    const app = await createApp("bp-bad");
    try {
      const { build, log } = await deployFolder(app, path.join(FIXTURES, "bad-json"));
      assert.equal(build.status, "failed");
      assert.match(log, /package\.json is not valid JSON/);
      assert.deepEqual((await api("GET", `/api/v1/apps/${app}/releases`)).body, []);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });

  test("a source no buildpack detects fails with what each one looked for", async () => {
    const app = await createApp("bp-none");
    try {
      const { build, log } = await deployFolder(app, path.join(FIXTURES, "..", "..", "..", "procfile", "bin"));
      assert.equal(build.status, "failed");
      assert.match(log, /No buildpack could build this app/);
      assert.match(log, /nodejs: package\.json/);
      assert.match(log, /procfile: Procfile/);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });
});

describe("other buildpacks", () => {
  const SAMPLES = path.resolve(import.meta.dirname, "..", "apps");
  const cases: Array<[string, string, RegExp]> = [
    ["python-hello", "Python", /^hello from python 3\.\d+ in \/app\/\.venv\n$/],
    ["go-hello", "Go", /^hello from go go1\.\d+/],
    ["procfile-only", "Procfile", /^hello from a Procfile\n$/],
  ];
  for (const [sample, buildpack, body] of cases) {
    test(`${sample} builds with the ${buildpack} buildpack and serves`, async () => {
      const app = await createApp(sample.split("-")[0]!);
      try {
        const { build, log } = await deployFolder(app, path.join(SAMPLES, sample));
        assert.equal(build.release?.status, "succeeded", log);
        assert.equal(build.buildpack, buildpack);
        const res = await viaRouter(app);
        assert.equal(res.status, 200);
        assert.match(res.body, body);
      } finally {
        await api("DELETE", `/api/v1/apps/${app}`);
      }
    });
  }

  test("a static site is served by nginx with gzip and cache headers", async () => {
    const app = await createApp("static");
    try {
      const { build, log } = await deployFolder(app, path.join(SAMPLES, "static-site"));
      assert.equal(build.release?.status, "succeeded", log);
      assert.equal(build.buildpack, "Static site");
      const page = await requestViaRouter(app);
      assert.equal(page.status, 200);
      assert.match(page.body, /hello from a static site/);
      assert.equal(page.headers["cache-control"], "no-cache");
      const css = await requestViaRouter(app, { path: "/style.css", headers: { "accept-encoding": "gzip" } });
      assert.equal(css.status, 200);
      assert.equal(css.headers["content-encoding"], "gzip");
      assert.match(String(css.headers["cache-control"]), /max-age=3600/);
      assert.equal((await requestViaRouter(app, { path: "/missing.html" })).status, 404);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });

  test("BUILDPACK_URL chooses the buildpack; an unknown one fails the build with the choices", async () => {
    const app = await createApp("bpurl");
    try {
      assert.equal((await api("PATCH", `/api/v1/apps/${app}/config-vars`, { BUILDPACK_URL: "procfile" })).status, 200);
      await waitFor("the config release", async () => !(await api("GET", `/api/v1/apps/${app}`)).body.deploying);
      // a Procfile app with a package.json: detection would pick nodejs, BUILDPACK_URL says procfile
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-bpurl-"));
      fs.cpSync(path.join(SAMPLES, "procfile-only"), dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
      const { build, log } = await deployFolder(app, dir);
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(build.buildpack, "Procfile", log);
      assert.equal((await viaRouter(app)).body, "hello from a Procfile\n");
      await api("PATCH", `/api/v1/apps/${app}/config-vars`, { BUILDPACK_URL: "no-such-pack" });
      await waitFor("the config release", async () => !(await api("GET", `/api/v1/apps/${app}`)).body.deploying);
      const bad = await deployFolder(app, path.join(SAMPLES, "procfile-only"));
      assert.equal(bad.build.status, "failed");
      assert.match(bad.log, /unknown buildpack "no-such-pack": use one of nodejs,python,go,static,procfile/);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });
});
