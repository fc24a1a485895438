import assert from "node:assert/strict";
import { test } from "node:test";
import type { SwarmNode } from "./node-facts.ts";
import { endpointOf, planHostSync, type HostRowLike } from "./plan-host-sync.ts";

const node = (id: string, hostname: string, over: { state?: string; availability?: SwarmNode["Spec"]["Availability"]; addr?: string; created?: string } = {}): SwarmNode => ({
  ID: id,
  Version: { Index: 1 },
  CreatedAt: over.created ?? `2026-12-02T00:00:0${id.length % 10}Z`,
  Spec: { Role: "worker", Availability: over.availability ?? "active" },
  Description: { Hostname: hostname, Resources: { NanoCPUs: 2e9, MemoryBytes: 1 << 30 } },
  Status: { State: over.state ?? "ready", Addr: over.addr ?? "10.77.0.12" },
});
const row = (id: string, name: string, nodeId: string | null, over: Partial<HostRowLike> = {}): HostRowLike => ({ id, name, nodeId, address: "10.77.0.12", endpoint: "", state: "ready", ...over });
const settings = { managerNodeId: "mgr", endpoints: { "h-2": "unix:///run/h2.sock" }, managerEndpoint: "unix:///run/mgr.sock", agentPort: 9012 };

test("a new node gets a row: its endpoint from BERTH_SWARM_ENDPOINTS, the manager's from BERTH_SWARM_MANAGER, else its agent's", () => {
  const plan = planHostSync([], [node("mgr", "h-1", { addr: "10.77.0.11" }), node("n2", "h-2"), node("n3", "h-3", { addr: "10.77.0.13" })], settings);
  assert.deepEqual(
    plan.hosts.map((h) => [h.existingId, h.wanted]),
    [
      [null, { name: "h-1", nodeId: "mgr", address: "10.77.0.11", endpoint: "unix:///run/mgr.sock", state: "ready" }],
      [null, { name: "h-2", nodeId: "n2", address: "10.77.0.12", endpoint: "unix:///run/h2.sock", state: "ready" }],
      [null, { name: "h-3", nodeId: "n3", address: "10.77.0.13", endpoint: "https://10.77.0.13:9012", state: "ready" }],
    ],
  );
  assert.deepEqual(plan.departed, []);
});

test("a known node's row is updated only when something changed", () => {
  const rows = [row("r2", "h-2", "n2", { endpoint: "unix:///run/h2.sock" })];
  assert.equal(planHostSync(rows, [node("n2", "h-2")], settings).hosts[0]!.changed, false);
  const drained = planHostSync(rows, [node("n2", "h-2", { availability: "drain" })], settings).hosts[0]!;
  assert.deepEqual([drained.existingId, drained.changed, drained.wanted.state], ["r2", true, "draining"]);
  const down = planHostSync(rows, [node("n2", "h-2", { state: "down" })], settings).hosts[0]!;
  assert.equal(down.wanted.state, "down");
});

test("a down row stays down whatever the swarm says, until Berth reaches its engine again (no flip while the swarm has not noticed)", () => {
  const rows = [row("r2", "h-2", "n2", { endpoint: "unix:///run/h2.sock", state: "down" })];
  for (const over of [{}, { availability: "drain" as const }]) {
    const host = planHostSync(rows, [node("n2", "h-2", over)], settings).hosts[0]!;
    assert.deepEqual([host.wanted.state, host.changed], ["down", false]);
  }
});

test("a machine that rejoined (new node id, same name) keeps its row, down until Berth reaches its engine", () => {
  const plan = planHostSync([row("r2", "h-2", "old-id", { state: "down" })], [node("new-id", "h-2")], settings);
  assert.deepEqual([plan.hosts[0]!.existingId, plan.hosts[0]!.wanted.nodeId, plan.hosts[0]!.wanted.state], ["r2", "new-id", "down"]);
  assert.deepEqual(plan.departed, []);
});

test("rows of nodes that left are departed; the local engine's row (no node id) is left alone", () => {
  const rows = [row("local", "local", null), row("r3", "h-3", "n3"), row("r2", "h-2", "n2")];
  const plan = planHostSync(rows, [node("n2", "h-2")], settings);
  assert.deepEqual(plan.departed.map((r) => r.id), ["r3"]);
  assert.deepEqual(plan.hosts.map((h) => h.existingId), ["r2"]);
});

test("a row another node's name points at is not taken while its own node is still in the swarm", () => {
  // Two nodes named vm: the first to join keeps `vm`, the second is vm-<id>; neither takes the other's row.
  const rows = [row("ra", "vm", "aaaaaaaa")];
  const plan = planHostSync(rows, [node("aaaaaaaa", "vm", { created: "2026-01-01T00:00:00Z" }), node("bbbbbbbb", "vm", { created: "2026-02-01T00:00:00Z" })], settings);
  assert.deepEqual(plan.hosts.map((h) => [h.existingId, h.wanted.name]), [["ra", "vm"], [null, "vm-bbbbbb"]]);
});

test("a node not listed is reached through its agent: https on its address (IPv6 in brackets); none without an address or an agent port", () => {
  const facts = (address: string | null) => ({ nodeId: "n9", hostname: "h-9", address });
  assert.equal(endpointOf(facts("10.77.0.19"), settings), "https://10.77.0.19:9012");
  assert.equal(endpointOf(facts("fd00::19"), settings), "https://[fd00::19]:9012");
  assert.equal(endpointOf(facts(null), settings), "");
  assert.equal(endpointOf(facts("10.77.0.19"), { ...settings, agentPort: 0 }), "");
  // A listed node and the manager keep their own endpoints, whatever their address.
  assert.equal(endpointOf({ nodeId: "n2", hostname: "h-2", address: "10.77.0.12" }, settings), "unix:///run/h2.sock");
  assert.equal(endpointOf({ nodeId: "mgr", hostname: "h-1", address: "10.77.0.11" }, settings), "unix:///run/mgr.sock");
});
