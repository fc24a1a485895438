import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { create } from "tar";
import { entryProblem, verifyTarball } from "./verify-tarball.ts";

test("plain files, folders and links inside the tree are fine", () => {
  assert.equal(entryProblem({ path: "src/index.js", type: "File" }), null);
  assert.equal(entryProblem({ path: "src/", type: "Directory" }), null);
  assert.equal(entryProblem({ path: "src/link", type: "SymbolicLink", linkpath: "../package.json" }), null);
  assert.equal(entryProblem({ path: "a/b/c", type: "Link", linkpath: "a/x" }), null);
});

test("absolute paths, .. and escaping links are refused", () => {
  assert.match(entryProblem({ path: "/etc/passwd", type: "File" })!, /absolute/);
  assert.match(entryProblem({ path: "../evil", type: "File" })!, /\.\./);
  assert.match(entryProblem({ path: "a/../../evil", type: "File" })!, /\.\./);
  assert.match(entryProblem({ path: "link", type: "SymbolicLink", linkpath: "/etc/passwd" })!, /absolute/);
  assert.match(entryProblem({ path: "a/link", type: "SymbolicLink", linkpath: "../../x" })!, /outside/);
  assert.match(entryProblem({ path: "hard", type: "Link", linkpath: "../x" })!, /outside/);
  assert.match(entryProblem({ path: "dev", type: "CharacterDevice" })!, /not allowed/);
});

test("verifyTarball reads a real archive and enforces the entry limit", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-tar-"));
  try {
    fs.mkdirSync(path.join(dir, "src", "app"), { recursive: true });
    fs.writeFileSync(path.join(dir, "src", "app", "a.txt"), "a");
    fs.writeFileSync(path.join(dir, "src", "app", "b.txt"), "b");
    fs.symlinkSync("/etc/passwd", path.join(dir, "src", "bad"));
    const good = path.join(dir, "good.tar.gz");
    await create({ gzip: true, file: good, cwd: path.join(dir, "src") }, ["app"]);
    assert.deepEqual((await verifyTarball(good)).entries, 3);
    await assert.rejects(verifyTarball(good, { maxEntries: 2, maxUnpackedBytes: 1e9 }), /more than 2 entries/);
    const bad = path.join(dir, "bad.tar.gz");
    await create({ gzip: true, file: bad, cwd: path.join(dir, "src") }, ["app", "bad"]);
    await assert.rejects(verifyTarball(bad), /absolute/);
    const garbage = path.join(dir, "garbage.tar.gz");
    fs.writeFileSync(garbage, "not a tarball");
    await assert.rejects(verifyTarball(garbage), /not a readable/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a real dependency tree (many files, links, long paths) passes", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-tar-"));
  try {
    const file = path.join(dir, "deps.tar.gz");
    const modules = path.resolve(import.meta.dirname, "..", "..", "node_modules");
    await create({ gzip: true, file, cwd: modules, portable: true }, ["zod", "tar", "tar-stream", ".bin"]);
    const { entries } = await verifyTarball(file);
    assert.ok(entries > 100, `${entries} entries`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
