import assert from "node:assert/strict";
import { test } from "node:test";
import { buildNodesRules, isolationRules } from "./build-network.ts";

test("the build bridge reaches neither its host nor link-local addresses", () => {
  assert.deepEqual(isolationRules("bb-1", "berth-builds:x"), [
    { chain: "INPUT", args: ["-i", "bb-1", "-m", "comment", "--comment", "berth-builds:x", "-j", "DROP"] },
    { chain: "DOCKER-USER", args: ["-i", "bb-1", "-d", "169.254.0.0/16", "-m", "comment", "--comment", "berth-builds:x", "-j", "DROP"] },
  ]);
});

test("builds reach no node of the swarm: one chain, refilled with every node's address", () => {
  assert.equal(buildNodesRules("BB-1", ["10.0.0.12", "10.0.0.11", "10.0.0.12"]), "*filter\n:BB-1 - [0:0]\n-A BB-1 -d 10.0.0.11/32 -j DROP\n-A BB-1 -d 10.0.0.12/32 -j DROP\nCOMMIT\n");
  assert.equal(buildNodesRules("BB-1", []), "*filter\n:BB-1 - [0:0]\nCOMMIT\n");
  assert.throws(() => buildNodesRules("BB-1", ["10.0.0.1 -j ACCEPT"]), /not an IPv4 node address/);
});
