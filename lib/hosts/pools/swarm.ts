// The `swarm` scheduler's hosts: the nodes of the swarm Berth's manager engine is in (made on
// first use when it is in none). Drain and labels are the nodes' own, set through the manager.
import { db } from "../../db.ts";
import { conflict } from "../../errors.ts";
import { hostStateOf } from "../../swarm/node-facts.ts";
import { joinCommand, removeNode, updateNode } from "../../swarm/swarm.ts";
import { isReferenced, syncHosts, type SyncedHost } from "../../swarm/sync-hosts.ts";
import type { HostPool, LiveHost } from "../host-pool.ts";

const JOIN_NOTE =
  "Run this on the new machine once its Docker Engine runs; it joins as a worker. The machine must reach the manager on " +
  "2377/tcp, and every node the others on 7946/tcp+udp and 4789/udp (overlay traffic). Berth places containers on it once it " +
  "reaches its engine (BERTH_SWARM_ENDPOINTS); until then it is listed without an endpoint. Its engine pulls release images from Berth's registry: with a plain-HTTP registry (Berth's own), add it to insecure-registries in /etc/docker/daemon.json and restart dockerd before joining. The token lets any machine " +
  "join this swarm: Berth shows it only here and never stores or logs it (docker swarm join-token --rotate worker on the manager replaces it).";

export const swarmPool: HostPool = {
  managerDescription: "the swarm manager Berth manages the hosts through (BERTH_SWARM_MANAGER)",

  async hosts() {
    return (await syncHosts()).map(liveHost);
  },

  async joinCommand() {
    return { command: await joinCommand(), note: JOIN_NOTE };
  },

  async update(host, change) {
    if (!host.nodeId || host.role === "left") throw conflict(`${host.name} has left the swarm; there is no node to change`);
    const node = await updateNode(host.nodeId, change);
    // A down host stays down until its engine answers again (lib/scheduler/swarm.ts revives it).
    await db.host.updateMany({ where: { id: host.id, state: { not: "down" } }, data: { state: hostStateOf(node) } });
  },

  async remove(host) {
    if (host.nodeId && host.role !== "left") {
      try {
        await removeNode(host.nodeId, { force: host.state === "down" });
      } catch (err) {
        // Docker removes a node that still runs only by force, which leaves that machine's engine
        // believing it is in the swarm: it must leave by itself first.
        if (/is not down/i.test((err as Error).message)) {
          throw conflict(`${host.name} is still up in the swarm: run \`docker swarm leave\` on it, and remove it once berth hosts shows it down`);
        }
        throw err;
      }
    }
    // Rows that containers (stopped ones too) or add-ons name stay, down; the others go.
    if (await isReferenced(db, host.id)) await db.host.update({ where: { id: host.id }, data: { state: "down" } });
    else await db.host.delete({ where: { id: host.id } });
  },
};

function liveHost({ row, node, isBerthManager }: SyncedHost): LiveHost {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    role: node?.role ?? "left",
    leader: node?.leader ?? false,
    state: row.state as LiveHost["state"],
    endpointKnown: row.endpoint !== "",
    cpus: node?.cpus ?? 0,
    memoryBytes: node?.memoryBytes ?? 0,
    labels: node?.labels ?? {},
    availability: node?.availability ?? null,
    engineVersion: node?.engineVersion ?? null,
    nodeId: row.nodeId,
    isBerthManager,
  };
}
