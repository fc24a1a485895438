import assert from "node:assert/strict";
import { test } from "node:test";
import { isLastPlaceable } from "./update-host.ts";

const h = (name: string, state: "ready" | "down" | "draining", endpointKnown = true) => ({ name, state, endpointKnown });

test("the last ready host cannot be drained; one of two can", () => {
  assert.equal(isLastPlaceable(h("a", "ready"), [h("a", "ready"), h("b", "draining"), h("c", "down")]), true);
  assert.equal(isLastPlaceable(h("a", "ready"), [h("a", "ready"), h("b", "ready")]), false);
});

test("a ready host Berth cannot reach (no endpoint) is no place to move containers to", () => {
  assert.equal(isLastPlaceable(h("a", "ready"), [h("a", "ready"), h("b", "ready", false)]), true);
  assert.equal(isLastPlaceable(h("b", "ready", false), [h("a", "ready"), h("b", "ready", false)]), false, "draining the unreachable one is fine");
});

test("a host already draining or down may be drained again", () => {
  assert.equal(isLastPlaceable(h("a", "draining"), [h("a", "draining")]), false);
  assert.equal(isLastPlaceable(h("a", "down"), [h("a", "down")]), false);
});
