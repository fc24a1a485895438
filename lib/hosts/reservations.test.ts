import assert from "node:assert/strict";
import { test } from "node:test";
import { addonFootprint, sumReservations } from "./reservations.ts";

const MB = 1024 * 1024;

test("app containers reserve their size's memory and shares/1024 cores, per host", () => {
  const sums = sumReservations({
    containers: [
      { hostId: "h1", size: "small" },
      { hostId: "h1", size: "standard" },
      { hostId: "h2", size: "large" },
    ],
    addons: [],
  });
  assert.deepEqual(sums.get("h1"), { memoryBytes: 768 * MB, cpus: 0.75, containers: 2 });
  assert.deepEqual(sums.get("h2"), { memoryBytes: 1024 * MB, cpus: 1, containers: 1 });
  assert.equal(sums.has("h3"), false, "a host with nothing has no entry");
});

test("an unknown size counts as standard (as containers run)", () => {
  assert.deepEqual(sumReservations({ containers: [{ hostId: "h", size: "huge" }], addons: [] }).get("h"), { memoryBytes: 512 * MB, cpus: 0.5, containers: 1 });
});

test("an add-on reserves its plan's memory for its primary and each replica", () => {
  assert.deepEqual(addonFootprint({ service: "redis", plan: "hobby", options: "{}" }), { memoryBytes: 128 * MB, cpus: 0.5, containers: 1 });
  assert.deepEqual(addonFootprint({ service: "redis", plan: "standard", options: '{"replicas": 2}' }), { memoryBytes: 3 * 512 * MB, cpus: 1.5, containers: 3 });
  assert.deepEqual(addonFootprint({ service: "postgres", plan: "large", options: "{}" }), { memoryBytes: 1024 * MB, cpus: 0.5, containers: 1 });
});

test("an add-on row this Berth cannot read still counts as one container", () => {
  assert.deepEqual(addonFootprint({ service: "mongodb", plan: "x", options: "{}" }), { memoryBytes: 512 * MB, cpus: 0.5, containers: 1 });
  // A known plan with options it cannot read: the plan's memory, for one container.
  assert.deepEqual(addonFootprint({ service: "redis", plan: "hobby", options: "not json" }), { memoryBytes: 128 * MB, cpus: 0.5, containers: 1 });
});

test("add-ons add to their host's containers; one without a host id counts on the default host", () => {
  const sums = sumReservations({
    containers: [{ hostId: "h1", size: "small" }],
    addons: [
      { hostId: "h1", service: "redis", plan: "cache", options: "{}" },
      { hostId: null, service: "mysql", plan: "hobby", options: "{}" },
    ],
    defaultHostId: "local",
  });
  assert.deepEqual(sums.get("h1"), { memoryBytes: (256 + 64) * MB, cpus: 0.75, containers: 2 });
  assert.deepEqual(sums.get("local"), { memoryBytes: 256 * MB, cpus: 0.5, containers: 1 });
  assert.equal(sumReservations({ containers: [], addons: [{ hostId: null, service: "redis", plan: "cache", options: "{}" }] }).size, 0);
});

test("an add-on's replicas placed on other hosts reserve there, the rest on its host", () => {
  const placement = JSON.stringify({ "replica-1": "h2", "replica-2": "h3" });
  const byHost = sumReservations({ containers: [], addons: [{ hostId: "h1", service: "redis", plan: "standard", options: '{"replicas": 2}', placement }] });
  for (const host of ["h1", "h2", "h3"]) assert.deepEqual(byHost.get(host), { memoryBytes: 512 * MB, cpus: 0.5, containers: 1 }, host);
  const together = sumReservations({ containers: [], addons: [{ hostId: "h1", service: "redis", plan: "standard", options: '{"replicas": 2}', placement: JSON.stringify({ "replica-1": "h1" }) }] });
  assert.deepEqual(together.get("h1"), { memoryBytes: 3 * 512 * MB, cpus: 1.5, containers: 3 });
});
