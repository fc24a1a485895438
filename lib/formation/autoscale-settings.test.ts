import assert from "node:assert/strict";
import { test } from "node:test";
import { zodMessage } from "../api/zod-message.ts";
import { autoscalePatch, autoscaleProblem, readAutoscale, shownAutoscale, storedAutoscale } from "./autoscale-settings.ts";

const refused = (body: unknown) => {
  const parsed = autoscalePatch.safeParse(body);
  assert.equal(parsed.success, false, `${JSON.stringify(body)} was accepted`);
  return zodMessage(parsed.error!).message;
};

test("each target kind is accepted, and null turns autoscale off", () => {
  assert.deepEqual(autoscalePatch.parse({ min: 1, max: 10, target: { p95Ms: 300 } }), { min: 1, max: 10, target: { kind: "p95Ms", value: 300 } });
  assert.deepEqual(autoscalePatch.parse({ min: 2, max: 2, target: { requestsPerSecond: 50 } })?.target, { kind: "requestsPerSecond", value: 50 });
  assert.deepEqual(autoscalePatch.parse({ min: 1, max: 3, target: { cpuPercent: 70 } })?.target, { kind: "cpuPercent", value: 70 });
  assert.equal(autoscalePatch.parse(null), null);
});

test("bad settings are refused, naming the rule", () => {
  assert.match(refused({ min: 5, max: 2, target: { p95Ms: 300 } }), /min must not be more than max/);
  assert.match(refused({ min: 1, max: 21, target: { p95Ms: 300 } }), /max must be at most 20/);
  assert.match(refused({ min: 0, max: 2, target: { p95Ms: 300 } }), /min must be 1 or more/);
  assert.match(refused({ min: 1, max: 2, target: { memoryMb: 300 } }), /target must be exactly one of \{"p95Ms": N\}, \{"requestsPerSecond": N\}, \{"cpuPercent": N\} \(got "memoryMb"\)/);
  assert.match(refused({ min: 1, max: 2, target: { p95Ms: 300, cpuPercent: 50 } }), /target must be exactly one of/);
  assert.match(refused({ min: 1, max: 2, target: "fast" }), /target must be one of/);
  assert.match(refused({ min: 1, max: 2, target: { p95Ms: 1 } }), /target p95Ms must be a number from 10 to 60000/);
  assert.match(refused({ min: 1, max: 2, target: { cpuPercent: 300 } }), /target cpuPercent must be a number from 5 to 100/);
  assert.match(refused({ min: 1, max: 2, target: { requestsPerSecond: "50" } }), /requestsPerSecond must be a number/);
  assert.match(refused({ min: 1, max: 2 }), /target must be one of/);
  assert.match(refused({ min: 1, max: 2, target: { p95Ms: 300 }, step: 2 }), /"step" is not a field/);
});

test("router targets are for web only; CPU for any type", () => {
  assert.match(autoscaleProblem("worker", { min: 1, max: 2, target: { kind: "p95Ms", value: 300 } })!, /p95Ms is measured at the router.*worker can follow cpuPercent/);
  assert.ok(autoscaleProblem("worker", { min: 1, max: 2, target: { kind: "requestsPerSecond", value: 5 } }));
  assert.equal(autoscaleProblem("worker", { min: 1, max: 2, target: { kind: "cpuPercent", value: 50 } }), null);
  assert.equal(autoscaleProblem("web", { min: 1, max: 2, target: { kind: "p95Ms", value: 300 } }), null);
});

test("stored and shown as the API takes them", () => {
  const stored = storedAutoscale({ min: 1, max: 4, target: { kind: "p95Ms", value: 300 } });
  assert.deepEqual(shownAutoscale(stored), { min: 1, max: 4, target: { p95Ms: 300 } });
  assert.deepEqual(readAutoscale(stored), { min: 1, max: 4, target: { kind: "p95Ms", value: 300 } });
  assert.equal(storedAutoscale(null), null);
  assert.equal(shownAutoscale(null), null);
});
