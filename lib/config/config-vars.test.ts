import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";

process.env.BERTH_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "berth-config-"));
const { describePatch, mergeConfig, openConfig, sealConfig } = await import("./config-vars.ts");
const { configPatch } = await import("./schemas.ts");

test("a patch merges: strings set, null deletes", () => {
  assert.deepEqual(mergeConfig({ A: "1", B: "2" }, { B: null, C: "3" }), { A: "1", C: "3" });
  assert.equal(describePatch({ A: "1", B: null }), "set A and unset B");
});

test("config is sealed at rest and opens again", () => {
  const sealed = sealConfig({ SECRET: "hunter2" });
  assert.ok(!sealed.includes("hunter2"));
  assert.deepEqual(openConfig(sealed), { SECRET: "hunter2" });
  assert.equal(fs.statSync(path.join(process.env.BERTH_DATA_DIR!, "secret.key")).mode & 0o777, 0o600);
});

test("bad names and reserved names are refused", () => {
  assert.equal(configPatch.safeParse({ "1ABC": "x" }).success, false);
  assert.equal(configPatch.safeParse({ "A-B": "x" }).success, false);
  assert.equal(configPatch.safeParse({ PORT: "1" }).success, false);
  assert.equal(configPatch.safeParse({}).success, false);
  assert.equal(configPatch.safeParse({ GOOD_NAME: "$(rm -rf /)", OTHER: null }).success, true);
});
