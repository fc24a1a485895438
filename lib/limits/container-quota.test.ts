import assert from "node:assert/strict";
import { test } from "node:test";
import { containerQuotaProblem } from "./container-quota.ts";

const limits = { perApp: 8, perUser: 10 };

test("growing within both limits is allowed", () => {
  assert.equal(containerQuotaProblem({ app: { web: 1, worker: 2 }, owner: 5 }, "web", 6, limits), null);
});

test("the app's total counts every process type, for admins too", () => {
  const problem = containerQuotaProblem({ app: { web: 1, worker: 4 }, owner: null }, "web", 5, limits);
  assert.match(problem!.what, /9 containers for this app, more than 8/);
  assert.equal(problem!.setting, "BERTH_MAX_CONTAINERS_PER_APP=8");
});

test("the owner's total counts the owner's other apps", () => {
  const problem = containerQuotaProblem({ app: { web: 1 }, owner: 8 }, "web", 4, limits);
  assert.match(problem!.what, /11 containers over the owner's apps, more than 10/);
  assert.equal(problem!.setting, "BERTH_MAX_CONTAINERS_PER_USER=10");
});

test("an exempt owner (null) has no per-user limit", () => {
  assert.equal(containerQuotaProblem({ app: { web: 1 }, owner: null }, "web", 8, limits), null);
});

test("scaling down or keeping the quantity is allowed even over a lowered limit", () => {
  assert.equal(containerQuotaProblem({ app: { web: 20 }, owner: 40 }, "web", 12, limits), null);
  assert.equal(containerQuotaProblem({ app: { web: 20 }, owner: 40 }, "web", 20, limits), null);
});

test("a new process type starts from zero", () => {
  assert.equal(containerQuotaProblem({ app: { web: 1 }, owner: 1 }, "worker", 7, limits), null);
  assert.ok(containerQuotaProblem({ app: { web: 1 }, owner: 1 }, "worker", 8, limits));
});
