// Apps stay apart across hosts. On one node the engine keeps bridges apart, and each app has its
// own overlay network; but a web container publishes its port on its node for the router (there
// is no ingress mesh on this kernel), and a published port answers anyone who reaches the node:
// another app's container on any node (its connection leaves masqueraded as its node's address),
// or on the same node (through the engine's proxy). Each node's firewall closes that:
// - published ports (DNAT'd by the engine, in the node's ephemeral range) answer the router's
//   addresses only, and Berth's agent port anyone (its mutual TLS admits Berth alone);
// - containers reach nothing of their own node (its engine, agent, proxied ports);
// - containers reach another node, and the router's host, only at the router's ports: a router
//   host that is also a node (its containers leave with the router's address) cannot be used to
//   get round the first, and Berth's own services there (API, registry) are out of reach;
// - containers reach no registry Berth pushes to: it holds every app's images.
// Berth sets the rules by running agent/berth-firewall in a container on the node's network
// (the agent's image has iptables); a node's containers start only once its rules are set.
import crypto from "node:crypto";
import net from "node:net";
import { berthLabels, LABEL, objectName } from "../docker/labels.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { BerthError } from "../errors.ts";
import { ensureImageOn } from "../registry/pull-image.ts";
import { pushImage } from "../registry/push-image.ts";
import { agentImage } from "./agent-image.ts";

/** The node's chains (one Berth per swarm): each run of the firewall replaces their rules. */
export const FIREWALL_CHAINS = { input: "BERTH-NODE-INPUT", forward: "BERTH-NODE-FORWARD" } as const;
/** The bridge through which a node's containers on overlay networks reach out (and are reached at their published ports). */
const CONTAINER_BRIDGE = "docker_gwbridge";
const RUN_TIMEOUT_MS = 60_000;

export interface NodeFirewall {
  /** Every node's address. */
  nodeAddresses: string[];
  /** Where the router's connections to the nodes come from. */
  routerAddresses: string[];
  /** Where the router listens (on its host's addresses). */
  routerPorts: number[];
  agentPort: number;
  /** The registry the nodes pull from, where its address is an IPv4 literal (no port: all of that address). */
  registry?: { address: string; port?: number };
}

/** The rules, as iptables-restore input (@EPHEMERAL@ is the node's port range, filled in on the node). Pure. */
export function nodeFirewallRules(f: NodeFirewall): string {
  for (const a of [...f.nodeAddresses, ...f.routerAddresses, ...(f.registry ? [f.registry.address] : [])]) {
    if (!net.isIPv4(a)) throw new Error(`not an IPv4 address for the node firewall: ${JSON.stringify(a)}`);
  }
  for (const p of [...f.routerPorts, f.agentPort, ...(f.registry?.port !== undefined ? [f.registry.port] : [])]) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`not a TCP port for the node firewall: ${p}`);
  }
  const { input, forward } = FIREWALL_CHAINS;
  const routers = [...new Set(f.routerAddresses)].sort();
  // Out of containers' reach: every node, and the router's host but for the router's ports.
  const closed = [...new Set([...f.nodeAddresses, ...routers])].sort();
  const registry = f.registry && !closed.includes(f.registry.address) ? [`-A ${forward} -i ${CONTAINER_BRIDGE} -d ${f.registry.address}/32${f.registry.port === undefined ? "" : ` -p tcp --dport ${f.registry.port}`} -j DROP`] : [];
  const published = "-p tcp -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport";
  const routerPorts = [...new Set(f.routerPorts)].sort((a, b) => a - b).join(",");
  return [
    "*filter",
    `:${input} - [0:0]`,
    `:${forward} - [0:0]`,
    `-A ${input} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `-A ${input} -i ${CONTAINER_BRIDGE} -j DROP`,
    `-A ${forward} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `-A ${forward} ${published} ${f.agentPort} -j RETURN`,
    ...routers.map((a) => `-A ${forward} -s ${a}/32 ${published} @EPHEMERAL@ -j RETURN`),
    `-A ${forward} ${published} @EPHEMERAL@ -j DROP`,
    ...closed.flatMap((a) => [
      ...(routers.includes(a) ? [`-A ${forward} -i ${CONTAINER_BRIDGE} -d ${a}/32 -p tcp -m multiport --dports ${routerPorts} -j RETURN`] : []),
      `-A ${forward} -i ${CONTAINER_BRIDGE} -d ${a}/32 -j DROP`,
    ]),
    ...registry,
    "COMMIT",
  ].join("\n");
}

const applied = new Map<string, string>();
const applying = new Map<string, Promise<void>>();
let image: Promise<string> | undefined;

/** Sets HOST's firewall to F unless it has exactly these rules already; concurrent calls for a host share one run. */
export function ensureNodeFirewall(host: HostRef & { name?: string }, f: NodeFirewall): Promise<void> {
  const rules = nodeFirewallRules(f);
  const digest = crypto.createHash("sha256").update(rules).digest("hex");
  if (applied.get(host.id) === digest) return Promise.resolve();
  const key = `${host.id} ${digest}`;
  let run = applying.get(key);
  if (!run) {
    run = apply(host, rules).then(() => void applied.set(host.id, digest));
    applying.set(key, run);
    void run.catch(() => undefined).finally(() => applying.delete(key));
  }
  return run;
}

/** A host whose engine went away may come back without its rules (a reboot): they are set again. */
export const forgetNodeFirewall = (hostId: string) => void applied.delete(hostId);

async function apply(host: HostRef & { name?: string }, rules: string): Promise<void> {
  image ??= pushImage(await agentImage()).then((p) => p.reference).catch((err) => {
    image = undefined;
    throw err;
  });
  const reference = await image;
  await ensureImageOn(host, reference);
  let output = "";
  const code = await runtimeFor(host).runToCompletion(
    {
      name: objectName("firewall", crypto.randomBytes(4).toString("hex")),
      image: reference,
      entrypoint: ["/usr/local/bin/berth-firewall"],
      cmd: [],
      env: { BERTH_FIREWALL_RULES: rules, BERTH_FIREWALL_INPUT: FIREWALL_CHAINS.input, BERTH_FIREWALL_FORWARD: FIREWALL_CHAINS.forward },
      labels: berthLabels({ [LABEL.kind]: "firewall" }),
      network: "host",
      memoryBytes: 64 << 20,
      addCapabilities: ["NET_ADMIN", "NET_RAW"],
    },
    { onOutput: (chunk) => (output = (output + chunk).slice(-4000)), timeoutMs: RUN_TIMEOUT_MS },
  );
  if (code !== 0) {
    throw new BerthError("unavailable", `the firewall of host ${host.name ?? host.id} could not be set (exit ${code}): ${output.trim().split("\n").slice(-5).join(" | ")}`);
  }
}
