import assert from "node:assert/strict";
import { test } from "node:test";
import { configBytes, configLimitProblem } from "./config-limits.ts";

const limits = { maxBytes: 64 * 1024, maxVars: 3 };

test("names and values count in UTF-8 bytes", () => {
  assert.equal(configBytes({ A: "é", BB: "xyz" }), 1 + 2 + 2 + 3);
});

test("a config within both bounds passes", () => {
  assert.equal(configLimitProblem({}, { A: "1", B: "2", C: "3" }, limits), null);
});

test("too many vars is refused, naming the setting", () => {
  assert.match(configLimitProblem({}, { A: "1", B: "2", C: "3", D: "4" }, limits)!, /4 config vars, more than the 3 .*BERTH_MAX_CONFIG_VARS/);
});

test("too many bytes is refused, naming the size and the setting", () => {
  const problem = configLimitProblem({}, { BIG: "x".repeat(64 * 1024) }, limits);
  assert.match(problem!, /65 KiB .*more than the 64 KiB .*BERTH_MAX_CONFIG_KB/);
});

test("shrinking a config that is already over a lowered limit is allowed", () => {
  const over = { A: "x".repeat(40_000), B: "y".repeat(40_000) };
  assert.equal(configLimitProblem(over, { A: over.A, B: "small" }, limits), null);
  assert.ok(configLimitProblem(over, { ...over, B: `${over.B}more` }, limits));
  const many = { A: "1", B: "2", C: "3", D: "4", E: "5" };
  assert.equal(configLimitProblem(many, { A: "1", B: "2", C: "3", D: "4" }, limits), null);
});
