import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { tightenDataModes } from "./data-dir-modes.ts";

test("everything under the data directory becomes private, owner bits kept, links not followed, twice is a no-op", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "berth-modes-"));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "berth-modes-outside-"));
  try {
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(path.join(root, "repos", "a.git", "objects"), { recursive: true, mode: 0o775 });
    fs.writeFileSync(path.join(root, "berth.db"), "", { mode: 0o644 });
    fs.writeFileSync(path.join(root, "repos", "a.git", "objects", "hook"), "", { mode: 0o755 });
    fs.writeFileSync(path.join(outside, "shared"), "", { mode: 0o644 });
    fs.symlinkSync(path.join(outside, "shared"), path.join(root, "link"));
    assert.ok(tightenDataModes(root) >= 5);
    const mode = (p: string) => fs.statSync(path.join(root, p)).mode & 0o777;
    assert.equal(mode(""), 0o700);
    assert.equal(mode("repos/a.git/objects"), 0o700);
    assert.equal(mode("berth.db"), 0o600);
    assert.equal(mode("repos/a.git/objects/hook"), 0o700, "an executable stays executable, for its owner");
    assert.equal(fs.statSync(path.join(outside, "shared")).mode & 0o777, 0o644, "what a link points to is not Berth's to change");
    assert.equal(tightenDataModes(root), 0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
