// The Docker swarm that the `swarm` scheduler uses for membership (nodes, join tokens, drain,
// labels) and for attachable overlay networks. Berth talks to one manager's engine
// (BERTH_SWARM_MANAGER). It does not use swarm services for apps: Berth places plain containers on
// each node's engine itself, one health-gated container at a time, and this kernel has no IPVS for
// a service's virtual IP. These are thin wrappers; what a node means to Berth is in node-facts.ts.
import type { HostRef } from "../docker/container-runtime.ts";
import { swarmApi } from "../docker/swarm-api.ts";
import { settings } from "../env.ts";
import { BerthError, notFound } from "../errors.ts";
import { nextNodeSpec, type NodeChange, type SwarmNode } from "./node-facts.ts";

export type { SwarmNode } from "./node-facts.ts";

/** The manager's engine, as the container runtime knows engines. */
export const managerRef: HostRef = { id: "swarm-manager", endpoint: settings.swarmManager };
const manager = () => swarmApi(managerRef);

/** Docker's port for joining a swarm (cluster management). */
const SWARM_PORT = 2377;

let managerNode: Promise<string> | undefined;

/**
 * Makes sure Berth's manager engine is a manager of a swarm: an engine in no swarm becomes the
 * first manager of a new one (advertising BERTH_SWARM_ADVERTISE_ADDR, overlay subnets from
 * BERTH_SWARM_ADDR_POOL); one already in a swarm is used as it is. Resolves with the manager's
 * node id (kept for the life of the process; a failure is not kept, the next call tries again).
 */
export function ensureSwarm(): Promise<string> {
  managerNode ??= joinedOrInitialised().catch((err) => {
    managerNode = undefined;
    throw err;
  });
  return managerNode;
}

async function joinedOrInitialised(): Promise<string> {
  const info = await swarmCall("read the manager engine's state", manager().info());
  const swarm = info.Swarm as { LocalNodeState: string; ControlAvailable: boolean; NodeID: string; Error?: string };
  switch (swarm.LocalNodeState) {
    case "active":
      if (!swarm.ControlAvailable) {
        throw unavailable(`the engine at BERTH_SWARM_MANAGER (${settings.swarmManager}) is a swarm worker, not a manager; point BERTH_SWARM_MANAGER at a manager's engine, or promote this node (docker node promote) on a manager`);
      }
      return swarm.NodeID;
    case "inactive":
      return initSwarm();
    case "locked":
      throw unavailable(`the swarm manager at ${settings.swarmManager} is locked; unlock it with docker swarm unlock`);
    default:
      throw unavailable(`the engine at ${settings.swarmManager} is ${swarm.LocalNodeState} in its swarm${swarm.Error ? ` (${swarm.Error})` : ""}; Berth needs it to be an active manager`);
  }
}

async function initSwarm(): Promise<string> {
  const advertise = settings.swarmAdvertiseAddr;
  try {
    const nodeId = (await manager().swarmInit({
      ListenAddr: `0.0.0.0:${SWARM_PORT}`,
      ...(advertise ? { AdvertiseAddr: advertise } : {}),
      DefaultAddrPool: [settings.swarmAddrPool],
      SubnetSize: 24,
    })) as string;
    return nodeId.trim();
  } catch (err) {
    const message = dockerMessage(err);
    // Another Berth process (web and workers both call this) made the swarm a moment ago.
    if (/already part of a swarm/i.test(message)) return (await swarmCall("read the manager engine's state", manager().info())).Swarm.NodeID as string;
    if (!advertise && /advertise/i.test(message)) {
      throw unavailable(`making the engine at ${settings.swarmManager} a swarm manager needs the address other machines reach it at: set BERTH_SWARM_ADVERTISE_ADDR (Docker said: ${message})`);
    }
    throw unavailable(`could not make the engine at ${settings.swarmManager} a swarm manager: ${message}`);
  }
}

/** The command a new machine runs to join the swarm as a worker. The token is a secret: never log it. */
export async function joinCommand(): Promise<string> {
  const nodeId = await ensureSwarm();
  const [swarm, node] = await Promise.all([
    swarmCall("read the swarm's join tokens", manager().swarmInspect()) as Promise<{ JoinTokens: { Worker: string } }>,
    inspectNode(nodeId),
  ]);
  const token = swarm.JoinTokens.Worker;
  const address = node.ManagerStatus?.Addr ?? `${node.Status.Addr}:${SWARM_PORT}`;
  // Shown to be pasted into a shell: only a token's and an address's characters.
  if (!/^SWMTKN-[A-Za-z0-9-]+$/.test(token) || !/^[A-Za-z0-9.:[\]-]+$/.test(address)) {
    throw unavailable("the swarm answered with a join token or manager address Berth does not recognise");
  }
  return `docker swarm join --token ${token} ${address}`;
}

export async function listNodes(): Promise<SwarmNode[]> {
  await ensureSwarm();
  return (await swarmCall("list the swarm's nodes", manager().listNodes())) as SwarmNode[];
}

export async function inspectNode(nodeId: string): Promise<SwarmNode> {
  return (await swarmCall(`read swarm node ${nodeId}`, manager().getNode(nodeId).inspect())) as SwarmNode;
}

/**
 * Changes a node's availability and labels. Docker refuses an update made against an older
 * version of the node ("update out of sequence"), so a concurrent change makes it read and try again.
 */
export async function updateNode(nodeId: string, change: NodeChange): Promise<SwarmNode> {
  for (let attempt = 1; ; attempt++) {
    const node = await inspectNode(nodeId);
    try {
      await manager().getNode(nodeId).update({ _query: { version: node.Version.Index }, _body: nextNodeSpec(node.Spec, change) });
      return inspectNode(nodeId);
    } catch (err) {
      if (attempt < 3 && /out of sequence/i.test(dockerMessage(err))) continue;
      throw swarmError(`update swarm node ${nodeId}`, err);
    }
  }
}

/** Removes a node from the swarm; `force` for one that is down (Docker refuses otherwise). */
export async function removeNode(nodeId: string, opts: { force: boolean }): Promise<void> {
  await swarmCall(`remove swarm node ${nodeId}`, manager().getNode(nodeId).remove({ force: opts.force }));
}

async function swarmCall<T>(what: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw swarmError(what, err);
  }
}

function swarmError(what: string, err: unknown): BerthError {
  if (err instanceof BerthError) return err;
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 404) return notFound(`could not ${what}: ${dockerMessage(err)}`);
  return unavailable(`could not ${what} on the swarm manager (${settings.swarmManager}): ${dockerMessage(err)}`);
}

const unavailable = (message: string) => new BerthError("unavailable", message);

/** Docker's own words for a failed call (dockerode puts the JSON answer in `json`). */
function dockerMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return (e.json?.message ?? e.message ?? String(err)).trim();
}
