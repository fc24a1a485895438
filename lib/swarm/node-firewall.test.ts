import assert from "node:assert/strict";
import { test } from "node:test";
import { FIREWALL_CHAINS, nodeFirewallRules } from "./node-firewall.ts";

const { input, forward } = FIREWALL_CHAINS;
const base = { nodeAddresses: ["10.0.0.12", "10.0.0.11"], routerAddresses: ["10.0.0.1"], routerPorts: [80, 443], agentPort: 9012 };
const lines = (text: string) => text.split("\n");

test("published ports answer the router's addresses only; the agent's port answers anyone (its TLS admits Berth alone)", () => {
  const rules = lines(nodeFirewallRules(base));
  const published = rules.filter((r) => r.includes("--ctstate DNAT"));
  assert.deepEqual(published, [
    `-A ${forward} -p tcp -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport 9012 -j RETURN`,
    `-A ${forward} -s 10.0.0.1/32 -p tcp -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport @EPHEMERAL@ -j RETURN`,
    `-A ${forward} -p tcp -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport @EPHEMERAL@ -j DROP`,
  ]);
});

test("replies pass first; containers reach nothing of their own node, no other node, and the router's host at its ports only", () => {
  const rules = lines(nodeFirewallRules(base));
  assert.deepEqual(rules.slice(0, 3), ["*filter", `:${input} - [0:0]`, `:${forward} - [0:0]`]);
  assert.equal(rules[3], `-A ${input} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`);
  assert.equal(rules[4], `-A ${input} -i docker_gwbridge -j DROP`);
  assert.equal(rules[5], `-A ${forward} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`);
  assert.deepEqual(rules.filter((r) => r.includes("-i docker_gwbridge -d")), [
    `-A ${forward} -i docker_gwbridge -d 10.0.0.1/32 -p tcp -m multiport --dports 80,443 -j RETURN`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.1/32 -j DROP`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.11/32 -j DROP`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.12/32 -j DROP`,
  ]);
  assert.equal(rules.at(-1), "COMMIT");
});

test("a node that is also the router's host is reachable from containers at the router's ports only", () => {
  const rules = lines(nodeFirewallRules({ ...base, routerAddresses: ["10.0.0.11"] }));
  const toRouter = rules.filter((r) => r.includes("-d 10.0.0.11/32"));
  assert.deepEqual(toRouter, [
    `-A ${forward} -i docker_gwbridge -d 10.0.0.11/32 -p tcp -m multiport --dports 80,443 -j RETURN`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.11/32 -j DROP`,
  ]);
});

test("the router's host, when it is not a node, is closed to containers like a node but for the router's ports; so is the registry", () => {
  const rules = lines(nodeFirewallRules({ ...base, registry: { address: "10.0.0.5", port: 5000 } }));
  assert.deepEqual(rules.filter((r) => r.includes("-i docker_gwbridge -d")), [
    `-A ${forward} -i docker_gwbridge -d 10.0.0.1/32 -p tcp -m multiport --dports 80,443 -j RETURN`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.1/32 -j DROP`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.11/32 -j DROP`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.12/32 -j DROP`,
    `-A ${forward} -i docker_gwbridge -d 10.0.0.5/32 -p tcp --dport 5000 -j DROP`,
  ]);
  // A registry on the router's host is closed already.
  assert.equal(nodeFirewallRules({ ...base, registry: { address: "10.0.0.1", port: 5000 } }), nodeFirewallRules(base));
});

test("anything but IPv4 addresses and TCP ports is refused, never written into the rules", () => {
  assert.throws(() => nodeFirewallRules({ ...base, nodeAddresses: ["10.0.0.1 -j ACCEPT"] }), /not an IPv4 address/);
  assert.throws(() => nodeFirewallRules({ ...base, routerAddresses: ["::1"] }), /not an IPv4 address/);
  assert.throws(() => nodeFirewallRules({ ...base, agentPort: 0 }), /not a TCP port/);
  assert.throws(() => nodeFirewallRules({ ...base, registry: { address: "registry.local", port: 5000 } }), /not an IPv4 address/);
  assert.throws(() => nodeFirewallRules({ ...base, routerPorts: [80.5] }), /not a TCP port/);
});

test("the same nodes in another order give the same rules (a run with nothing new changes nothing)", () => {
  assert.equal(nodeFirewallRules(base), nodeFirewallRules({ ...base, nodeAddresses: [...base.nodeAddresses].reverse().concat("10.0.0.11") }));
});
