import assert from "node:assert/strict";
import { test } from "node:test";
import { hostNames, hostStateOf, nextNodeSpec, nodeFacts, type SwarmNode } from "./node-facts.ts";

const node = (over: { state?: string; availability?: SwarmNode["Spec"]["Availability"]; id?: string; hostname?: string; created?: string; role?: "manager" | "worker" } = {}): SwarmNode => ({
  ID: over.id ?? "t4qs062njq73kvc1mc8tiih3k",
  Version: { Index: 73 },
  CreatedAt: over.created ?? "2026-12-02T00:51:04Z",
  Spec: { Labels: { "berth.test-host": "2" }, Role: over.role ?? "worker", Availability: over.availability ?? "active" },
  Description: { Hostname: over.hostname ?? "berth-th0-2", Resources: { NanoCPUs: 2_000_000_000, MemoryBytes: 25_276_502_016 }, Engine: { EngineVersion: "20.10.24+dfsg1" } },
  Status: { State: over.state ?? "ready", Addr: "10.77.0.12" },
});

test("a ready, active node is a ready host", () => assert.equal(hostStateOf(node()), "ready"));

test("a node the swarm does not see ready is down, drained or not", () => {
  for (const state of ["down", "unknown", "disconnected"]) assert.equal(hostStateOf(node({ state })), "down", state);
  assert.equal(hostStateOf(node({ state: "down", availability: "drain" })), "down");
});

test("a drained or paused node is draining", () => {
  assert.equal(hostStateOf(node({ availability: "drain" })), "draining");
  assert.equal(hostStateOf(node({ availability: "pause" })), "draining");
});

test("facts: CPUs in cores, memory, engine, labels, role and leadership", () => {
  const facts = nodeFacts({ ...node({ role: "manager" }), ManagerStatus: { Leader: true, Addr: "10.77.0.11:2377" } });
  assert.deepEqual(
    { cpus: facts.cpus, memoryBytes: facts.memoryBytes, engineVersion: facts.engineVersion, labels: facts.labels, role: facts.role, leader: facts.leader, address: facts.address },
    { cpus: 2, memoryBytes: 25_276_502_016, engineVersion: "20.10.24+dfsg1", labels: { "berth.test-host": "2" }, role: "manager", leader: true, address: "10.77.0.12" },
  );
});

test("a manager whose status address is 0.0.0.0 is reached at its manager address", () => {
  const n = { ...node(), Status: { State: "ready", Addr: "0.0.0.0" }, ManagerStatus: { Addr: "10.77.0.11:2377" } };
  assert.equal(nodeFacts(n).address, "10.77.0.11");
});

test("two nodes with one hostname: the first to join keeps it", () => {
  const names = hostNames([node({ id: "bbbbbbbbbbbb", hostname: "vm", created: "2026-12-02T01:00:00Z" }), node({ id: "aaaaaaaaaaaa", hostname: "vm", created: "2026-12-02T00:00:00Z" }), node({ id: "cccccccc", hostname: "other" })]);
  assert.deepEqual(Object.fromEntries(names), { aaaaaaaaaaaa: "vm", bbbbbbbbbbbb: "vm-bbbbbb", cccccccc: "other" });
});

test("a change keeps the rest of the spec; a null label is removed", () => {
  const spec = { Name: "n", Labels: { keep: "1", drop: "2" }, Role: "worker" as const, Availability: "active" as const };
  assert.deepEqual(nextNodeSpec(spec, { labels: { drop: null, add: "3" } }), { Name: "n", Labels: { keep: "1", add: "3" }, Role: "worker", Availability: "active" });
  assert.deepEqual(nextNodeSpec(spec, {}), spec);
  assert.deepEqual(spec.Labels, { keep: "1", drop: "2" }, "the node's spec itself is not changed");
});

test("Berth drains with its label and keeps the node active (its agent, a swarm task, keeps running); undraining removes the label and makes the node active", () => {
  const spec = { Name: "n", Labels: { keep: "1" }, Role: "worker" as const, Availability: "active" as const };
  const drained = nextNodeSpec(spec, { drain: true });
  assert.deepEqual(drained, { Name: "n", Labels: { keep: "1", "berth.drain": "true" }, Role: "worker", Availability: "active" });
  assert.equal(hostStateOf({ Spec: drained, Status: { State: "ready" } }), "draining");
  assert.deepEqual(nodeFacts({ ...node(), Spec: drained }).labels, { keep: "1" }, "Berth's mark is the state, not a label of the user's");
  const undrained = nextNodeSpec(drained, { drain: false });
  assert.deepEqual(undrained, spec);
  assert.equal(hostStateOf({ Spec: undrained, Status: { State: "ready" } }), "ready");
  // A node drained with `docker node update --availability drain`: undraining through Berth makes it active.
  assert.equal(nextNodeSpec({ ...spec, Availability: "drain" }, { drain: false }).Availability, "active");
});
