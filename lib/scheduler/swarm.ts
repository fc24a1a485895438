// Several Docker hosts: the nodes of a Docker swarm. The swarm gives membership (nodes, drain,
// labels, join tokens) and attachable overlay networks; Berth places plain containers on each
// node's engine itself, so rollouts stay health-gated container by container and the router
// knows each container's published port (services would reschedule behind Berth's back, and
// this kernel has no IPVS for their virtual IPs). Images come from the registry.
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { db } from "../db.ts";
import { addonContainerReservation, reservationsByHost, sizeReservation as need } from "../hosts/reservations.ts";
import { ensureImageOn } from "../registry/pull-image.ts";
import { deleteAppImages } from "../registry/delete-app-images.ts";
import { pruneHostImages, pruneRegistry } from "../registry/prune-images.ts";
import { pushImage } from "../registry/push-image.ts";
import { imageInRegistry } from "../registry/registry-reference.ts";
import { ensureAgents } from "../swarm/agent-service.ts";
import { firewallOf, keepBuildsFromCluster, keepFirewalls } from "../swarm/cluster-firewall.ts";
import { ensureNodeFirewall } from "../swarm/node-firewall.ts";
import { ensureSwarm, managerRef } from "../swarm/swarm.ts";
import { syncHosts, type SyncedHost } from "../swarm/sync-hosts.ts";
import { swarmPool } from "../hosts/pools/swarm.ts";
import { localEngine, schedulerHost } from "./host-rows.ts";
import { placeSlots, type PlacementHost, type Resources } from "./placement.ts";
import type { Scheduler, SchedulerHost } from "./types.ts";

// A dead engine refuses at once (its socket or port has no listener, or its agent cannot reach
// it): refusals for about 4 s make its host down. A slow one (a loaded machine) only times out:
// it is down after SLOW_PROBES timeouts in a row, spanning SLOW_FOR_MS, so load alone does not
// move every container off it. The swarm itself notices a dead node only after several missed
// heartbeats.
const PING_TIMEOUT_MS = 3000;
const SLOW_PROBES = 3;
const SLOW_FOR_MS = 10_000;
const silent = new Map<string, { probes: number; since: number }>();
// Sweeps, rollouts and the hosts API all ask; the manager is asked at most this often.
const FRESH_MS = 1000;

let last: { at: number; hosts: Promise<LiveNode[]> } | undefined;

interface LiveNode {
  host: SchedulerHost;
  capacity: Resources;
}

/** The nodes as the swarm says, each engine pinged: one that does not answer is down, whatever the swarm still thinks. */
async function liveNodes(fresh = false): Promise<LiveNode[]> {
  if (!fresh && last && Date.now() - last.at < FRESH_MS) return last.hosts;
  const hosts = (async () => {
    const synced = (await syncHosts()).filter((s) => s.row.endpoint !== "");
    const nodes = await Promise.all(synced.map(probe));
    keepFirewalls(nodes.map((n) => n.host));
    return nodes;
  })();
  last = { at: Date.now(), hosts };
  hosts.catch(() => (last = undefined));
  return hosts;
}

async function probe(s: SyncedHost): Promise<LiveNode> {
  let state = s.row.state;
  if (state === "down") void revive(s);
  else if (!(await engineAlive(s.row))) {
    state = "down";
    console.log(`host ${s.row.name}: its engine does not answer; taken for down`);
    await db.host.update({ where: { id: s.row.id }, data: { state } });
  }
  return { host: { ...schedulerHost(s.row), state: state as SchedulerHost["state"] }, capacity: { cpus: s.node?.cpus ?? 0, memoryBytes: s.node?.memoryBytes ?? 0 } };
}

const reviving = new Set<string>();

/**
 * A down host is back once its engine answers and the swarm has it again: its row takes the
 * swarm's state (ready or draining) for the next sweep. In the background, so a dead host's
 * timeouts never hold up a placement.
 */
async function revive(s: SyncedHost): Promise<void> {
  if (!s.node || s.node.state === "down" || reviving.has(s.row.id)) return;
  reviving.add(s.row.id);
  try {
    if ((await ping(s.row)) !== "ok") return;
    const { count } = await db.host.updateMany({ where: { id: s.row.id, state: "down" }, data: { state: s.node.state } });
    if (count) console.log(`host ${s.row.name}: its engine answers again; ${s.node.state}`);
  } catch (err) {
    console.error(`host ${s.row.name}: could not be taken back`, err);
  } finally {
    reviving.delete(s.row.id);
  }
}

/** False once the engine is taken for dead (see SLOW_PROBES); each call is one probe. */
async function engineAlive(host: HostRef): Promise<boolean> {
  let answer = await ping(host);
  // Refused for 4 s: dead. Shorter is an agent restarting (its service was updated).
  for (const waitMs of [1000, 1500, 1500]) {
    if (answer !== "refused") break;
    await new Promise((r) => setTimeout(r, waitMs));
    answer = await ping(host);
  }
  if (answer === "ok") {
    silent.delete(host.id);
    return true;
  }
  if (answer === "refused") return false;
  const seen = silent.get(host.id) ?? { probes: 0, since: Date.now() };
  silent.set(host.id, { probes: seen.probes + 1, since: seen.since });
  return !(seen.probes + 1 >= SLOW_PROBES && Date.now() - seen.since >= SLOW_FOR_MS);
}

async function ping(host: HostRef): Promise<"ok" | "refused" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), PING_TIMEOUT_MS)));
  try {
    return await Promise.race([runtimeFor(host).ping().then(() => "ok" as const, () => "refused" as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const addressesOf = (nodes: LiveNode[]) => nodes.flatMap((n) => (n.host.address ? [n.host.address] : []));

/** A node's containers start only behind its firewall (lib/swarm/cluster-firewall.ts). */
async function firewallReady(host: HostRef): Promise<void> {
  await ensureNodeFirewall(host, await firewallOf(addressesOf(await liveNodes())));
}

async function placementHosts(excludeApp?: string): Promise<PlacementHost[]> {
  const [nodes, reserved, own] = await Promise.all([
    liveNodes(),
    reservationsByHost(),
    excludeApp ? db.container.findMany({ where: { appId: excludeApp, state: { not: "stopped" } }, select: { hostId: true, size: true } }) : [],
  ]);
  return nodes.map(({ host, capacity }) => {
    const r = reserved.get(host.id) ?? { cpus: 0, memoryBytes: 0 };
    // A formation check counts what other apps hold, not this app's containers it replaces.
    const mine = own.filter((c) => c.hostId === host.id).map((c) => need(c.size));
    return {
      id: host.id,
      name: host.name,
      state: host.state,
      capacity,
      reserved: { cpus: r.cpus - mine.reduce((t, m) => t + m.cpus, 0), memoryBytes: r.memoryBytes - mine.reduce((t, m) => t + m.memoryBytes, 0) },
    };
  });
}

/** The hosts for these slots (placement.ts), as the rest of Berth reaches them. */
async function placeOn(input: Omit<Parameters<typeof placeSlots>[0], "hosts">): Promise<HostRef[]> {
  const ids = placeSlots({ ...input, hosts: await placementHosts() });
  const byId = new Map((await liveNodes()).map((n) => [n.host.id, n.host]));
  return ids.map((id) => byId.get(id)!);
}

/** `count` containers of one kind, each of `resources`: the spread per type puts them on different hosts while there is room. */
const place = (type: string, resources: Resources, count = 1) =>
  placeOn({ slots: Array.from({ length: count }, () => ({ type, size: "request" })), staying: [], need: () => resources });

export const swarmScheduler: Scheduler = {
  name: "swarm",
  publishesPorts: true,
  hostPool: swarmPool,
  start: async () => {
    await Promise.all([ensureSwarm(), localEngine()]);
    // Berth's agent on every node: how Berth reaches the engine of a node not in BERTH_SWARM_ENDPOINTS.
    await ensureAgents();
    await liveNodes(true);
  },
  buildHost: async () => {
    const [host, nodes] = await Promise.all([localEngine(), liveNodes()]);
    await keepBuildsFromCluster(addressesOf(nodes));
    return host;
  },
  hosts: async () => (await liveNodes(true)).map((n) => n.host),
  placeContainers: ({ slots, staying }) => placeOn({ slots, staying, need }),
  assertFits: async (appId, slots) => {
    placeSlots({ hosts: await placementHosts(appId), slots, staying: [], need });
  },
  placeOneOff: async (size) => (await place("run", need(size)))[0]!,
  placeAddon: (memoryBytes, count) => place("addon", addonContainerReservation(memoryBytes), count),
  publishImage: async (image) => {
    await pushImage(image);
  },
  imageOn: async (host, image) => {
    const { reference } = imageInRegistry(image);
    await Promise.all([ensureImageOn(host, reference), firewallReady(host)]);
    return reference;
  },
  pruneImages: async (appId, keep) => {
    const references = keep.map((tag) => imageInRegistry(tag).reference);
    const hosts = (await liveNodes(true)).filter((n) => n.host.state !== "down").map((n) => n.host);
    await pruneRegistry(appId, keep);
    await Promise.all(hosts.map((host) => pruneHostImages(host, appId, references)));
  },
  forgetApp: async (appId) => {
    const hosts = (await liveNodes(true)).filter((n) => n.host.state !== "down").map((n) => n.host);
    await deleteAppImages(appId, hosts);
  },
  ensureNetwork: (name, labels) => runtimeFor(managerRef).ensureNetwork(name, labels, { overlay: true }),
  removeNetwork: (name) => runtimeFor(managerRef).removeNetwork(name),
};
