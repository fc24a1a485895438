import assert from "node:assert/strict";
import { test } from "node:test";
import { isNoop, planRollout, type ActualContainer } from "./plan-rollout.ts";

const c = (id: string, releaseId: string, type: string, index: number, state = "up", size = "standard"): ActualContainer => ({
  id,
  releaseId,
  type,
  index,
  size,
  state,
});
const slots = (plan: ReturnType<typeof planRollout>) => plan.start.map((s) => `${s.type}.${s.index}:${s.size}`);
const ids = (list: ActualContainer[]) => list.map((x) => x.id);

test("a new release replaces every container of the old one", () => {
  const plan = planRollout({
    releaseId: "r2",
    formation: [{ type: "web", quantity: 2, size: "standard" }, { type: "worker", quantity: 1, size: "small" }],
    containers: [c("a", "r1", "web", 1), c("b", "r1", "web", 2), c("w", "r1", "worker", 1, "up", "small")],
  });
  assert.deepEqual(slots(plan), ["web.1:standard", "web.2:standard", "worker.1:small"]);
  assert.deepEqual(ids(plan.stop), ["a", "b", "w"]);
  assert.deepEqual(plan.keep, []);
});

test("scaling up keeps what runs and starts the missing indexes", () => {
  const plan = planRollout({ releaseId: "r1", formation: [{ type: "web", quantity: 4, size: "standard" }], containers: [c("a", "r1", "web", 1)] });
  assert.deepEqual(slots(plan), ["web.2:standard", "web.3:standard", "web.4:standard"]);
  assert.deepEqual(ids(plan.keep), ["a"]);
  assert.deepEqual(plan.stop, []);
});

test("scaling down stops the highest indexes, and to zero stops all", () => {
  const running = [c("a", "r1", "web", 1), c("b", "r1", "web", 2), c("d", "r1", "web", 3)];
  const down = planRollout({ releaseId: "r1", formation: [{ type: "web", quantity: 1, size: "standard" }], containers: running });
  assert.deepEqual(ids(down.keep), ["a"]);
  assert.deepEqual(ids(down.stop), ["b", "d"]);
  const zero = planRollout({ releaseId: "r1", formation: [{ type: "web", quantity: 0, size: "standard" }], containers: running });
  assert.deepEqual(ids(zero.stop), ["a", "b", "d"]);
});

test("a size change replaces the containers of that type only", () => {
  const plan = planRollout({
    releaseId: "r1",
    formation: [{ type: "web", quantity: 1, size: "large" }, { type: "worker", quantity: 1, size: "standard" }],
    containers: [c("a", "r1", "web", 1), c("w", "r1", "worker", 1)],
  });
  assert.deepEqual(slots(plan), ["web.1:large"]);
  assert.deepEqual(ids(plan.stop), ["a"]);
  assert.deepEqual(ids(plan.keep), ["w"]);
});

test("a restart replaces exactly the named containers", () => {
  const plan = planRollout({
    releaseId: "r1",
    formation: [{ type: "web", quantity: 2, size: "standard" }],
    containers: [c("a", "r1", "web", 1), c("b", "r1", "web", 2)],
    replace: new Set(["b"]),
  });
  assert.deepEqual(slots(plan), ["web.2:standard"]);
  assert.deepEqual(ids(plan.stop), ["b"]);
});

test("crashed containers are kept for the reconciler; leftovers of an interrupted rollout are replaced", () => {
  const plan = planRollout({
    releaseId: "r1",
    formation: [{ type: "web", quantity: 2, size: "standard" }],
    containers: [c("a", "r1", "web", 1, "crashed"), c("b", "r1", "web", 2, "starting"), c("old", "r0", "web", 1, "draining")],
  });
  assert.deepEqual(ids(plan.keep), ["a"]);
  assert.deepEqual(slots(plan), ["web.2:standard"]);
  assert.deepEqual(ids(plan.stop), ["b"], "draining containers are already going away");
});

test("two containers in one slot: one is kept, the other stopped; an unchanged formation is a no-op", () => {
  const dup = planRollout({ releaseId: "r1", formation: [{ type: "web", quantity: 1, size: "standard" }], containers: [c("a", "r1", "web", 1), c("b", "r1", "web", 1)] });
  assert.deepEqual(ids(dup.keep), ["a"]);
  assert.deepEqual(ids(dup.stop), ["b"]);
  assert.equal(isNoop(planRollout({ releaseId: "r1", formation: [{ type: "web", quantity: 1, size: "standard" }], containers: [c("a", "r1", "web", 1)] })), true);
});
