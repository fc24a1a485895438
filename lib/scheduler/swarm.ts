// Several Docker hosts: the nodes of a Docker swarm. The swarm gives membership (nodes, drain,
// labels, join tokens) and attachable overlay networks; Berth places plain containers on each
// node's engine itself, so rollouts stay health-gated container by container and the router
// knows each container's published port (services would reschedule behind Berth's back, and
// this kernel has no IPVS for their virtual IPs). Images come from the registry.
import { sizeOf } from "../deploy/sizes.ts";
import { dockerFor, ensureNetwork, removeNetwork, type HostRef } from "../docker/runtime.ts";
import { db } from "../db.ts";
import { reservationsByHost } from "../hosts/reservations.ts";
import { ensureImageOn } from "../registry/pull-image.ts";
import { pushImage } from "../registry/push-image.ts";
import { imageInRegistry } from "../registry/registry-reference.ts";
import { ensureAgents } from "../swarm/agent-service.ts";
import { ensureSwarm, managerRef } from "../swarm/swarm.ts";
import { syncHosts, type SyncedHost } from "../swarm/sync-hosts.ts";
import { swarmPool } from "../hosts/pools/swarm.ts";
import { ADDON_CPU_SHARES } from "../addons/addon-containers.ts";
import { localEngine, schedulerHost } from "./host-rows.ts";
import { placeSlots, type PlacementHost, type Resources } from "./placement.ts";
import type { Scheduler, SchedulerHost } from "./types.ts";

const SHARES_PER_CPU = 1024;
const need = (size: string): Resources => {
  const s = sizeOf(size);
  return { cpus: s.cpuShares / SHARES_PER_CPU, memoryBytes: s.memoryBytes };
};
// An engine that does not answer a ping this fast is taken for down (its dockerd died): the
// swarm itself notices only after several missed heartbeats.
const PING_TIMEOUT_MS = 1500;
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
    return Promise.all(synced.map(probe));
  })();
  last = { at: Date.now(), hosts };
  hosts.catch(() => (last = undefined));
  return hosts;
}

async function probe(s: SyncedHost): Promise<LiveNode> {
  let state = s.row.state;
  if (state !== "down" && !(await answers(s.row))) {
    state = "down";
    await db.host.update({ where: { id: s.row.id }, data: { state } });
  }
  return { host: { ...schedulerHost(s.row), state: state as SchedulerHost["state"] }, capacity: { cpus: s.node?.cpus ?? 0, memoryBytes: s.node?.memoryBytes ?? 0 } };
}

async function answers(host: HostRef): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)));
  try {
    return await Promise.race([dockerFor(host).ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
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

async function placeOne(type: string, resources: Resources): Promise<HostRef> {
  const hosts = await placementHosts();
  const [id] = placeSlots({ hosts, slots: [{ type, size: "request" }], staying: [], need: () => resources });
  return (await liveNodes()).find((n) => n.host.id === id)!.host;
}

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
  buildHost: localEngine,
  hosts: async () => (await liveNodes(true)).map((n) => n.host),
  placeContainers: async ({ slots, staying }) => {
    const hosts = await placementHosts();
    const ids = placeSlots({ hosts, slots, staying, need });
    const byId = new Map((await liveNodes()).map((n) => [n.host.id, n.host]));
    return ids.map((id) => byId.get(id)!);
  },
  assertFits: async (appId, slots) => {
    placeSlots({ hosts: await placementHosts(appId), slots, staying: [], need });
  },
  placeOneOff: (size) => placeOne("run", need(size)),
  placeAddon: (memoryBytes) => placeOne("addon", { cpus: ADDON_CPU_SHARES / SHARES_PER_CPU, memoryBytes }),
  publishImage: async (image) => {
    await pushImage(image);
  },
  imageOn: async (host, image) => {
    const { reference } = imageInRegistry(image);
    await ensureImageOn(host, reference);
    return reference;
  },
  ensureNetwork: (name, labels) => ensureNetwork(managerRef, name, labels, { overlay: true }),
  removeNetwork: (name) => removeNetwork(managerRef, name),
};
