// The firewall rules of the whole cluster, kept current as nodes come and go: every node's
// (node-firewall.ts) and the build bridge's (lib/docker/build-network.ts). What the rules are and
// why is said there; this file only gathers what they are made of: the nodes' addresses, where
// the router's connections come from, the router's and the agent's ports, the registry.
import net from "node:net";
import { keepBuildsFromNodes } from "../docker/build-network.ts";
import type { HostRef } from "../docker/container-runtime.ts";
import { settings } from "../env.ts";
import { registryHost } from "../registry/registry-reference.ts";
import { ensureNodeFirewall, forgetNodeFirewall, type NodeFirewall } from "./node-firewall.ts";
import { routerSourceAddress } from "./router-source.ts";

/** The firewall every node gets, for the nodes at these addresses. */
export async function firewallOf(nodeAddresses: string[]): Promise<NodeFirewall> {
  return {
    nodeAddresses,
    routerAddresses: await Promise.all(nodeAddresses.map(routerSourceAddress)),
    routerPorts: [settings.routerPort, settings.routerTlsPort],
    agentPort: settings.agentPort,
    registry: registryAddress(),
  };
}

/** The registry's address and port, when the address is an IPv4 literal (a name is left to the network's own rules). */
function registryAddress(): NodeFirewall["registry"] {
  const [address, port] = registryHost().split(":");
  return address && net.isIPv4(address) ? { address, port: port ? Number(port) : undefined } : undefined;
}

let lastFailure = "";

/** Every node that answers gets the current rules (a node that joins changes everyone's); one that went down gets them again when it is back. */
export function keepFirewalls(hosts: Array<HostRef & { name: string; state: string }>): void {
  for (const host of hosts) if (host.state === "down") forgetNodeFirewall(host.id);
  const up = hosts.filter((h) => h.state !== "down");
  void firewallOf(hosts.flatMap((h) => (h.address ? [h.address] : [])))
    .then((f) => Promise.all(up.map((host) => ensureNodeFirewall(host, f))))
    .then(() => void (lastFailure = ""))
    .catch((err: Error) => {
      // Said once per reason, not every sweep; a container start on that host fails with it too.
      if (lastFailure !== err.message) console.error(`node firewall: ${err.message}`);
      lastFailure = err.message;
    });
}

/** Builds reach no node, nor the registry: they have no business there (the build engine's pushes are skopeo's, from this machine). */
export async function keepBuildsFromCluster(nodeAddresses: string[]): Promise<void> {
  const registry = registryAddress()?.address;
  await keepBuildsFromNodes([...nodeAddresses, ...(registry ? [registry] : [])]);
}
