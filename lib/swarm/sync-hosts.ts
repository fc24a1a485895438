// Host rows follow the swarm's nodes: every node is a Host (named after its hostname), with its
// node id, address, state (ready | down | draining) and the endpoint Berth reaches its engine at.
// A node that left the swarm stays a `down` row while containers or add-ons still point at it
// (the reconciler moves them), and its row goes once nothing does. The plan is pure
// (plan-host-sync.ts); this applies it in one transaction, so two processes syncing at once
// (web and workers) take turns.
import { db } from "../db.ts";
import { settings } from "../env.ts";
import type { Host } from "../generated/prisma/client.ts";
import type { NodeFacts } from "./node-facts.ts";
import { planHostSync } from "./plan-host-sync.ts";
import { ensureSwarm, listNodes } from "./swarm.ts";

export interface SyncedHost {
  row: Host;
  /** What the swarm says of the node now; null for a node that left the swarm. */
  node: NodeFacts | null;
  /** The manager Berth talks to (BERTH_SWARM_MANAGER): never removed by Berth. */
  isBerthManager: boolean;
}

/** Reads the swarm's nodes and brings the Host rows up to date. Sorted by name. */
export async function syncHosts(): Promise<SyncedHost[]> {
  const managerNodeId = await ensureSwarm();
  const nodes = await listNodes();
  return db.$transaction(async (tx) => {
    const rows = await tx.host.findMany();
    const plan = planHostSync(rows, nodes, { managerNodeId, endpoints: settings.swarmEndpoints, managerEndpoint: settings.swarmManager, agentPort: settings.agentPort });
    const synced: SyncedHost[] = [];
    for (const host of plan.hosts) {
      const row = !host.existingId
        ? await tx.host.create({ data: host.wanted })
        : host.changed
          ? await tx.host.update({ where: { id: host.existingId }, data: host.wanted })
          : rows.find((r) => r.id === host.existingId)!;
      synced.push({ row, node: host.node, isBerthManager: host.node.nodeId === managerNodeId });
    }
    for (const row of plan.departed) {
      if (await isReferenced(tx, row.id)) {
        const down = row.state === "down" ? row : await tx.host.update({ where: { id: row.id }, data: { state: "down" } });
        synced.push({ row: down, node: null, isBerthManager: false });
      } else {
        await tx.host.delete({ where: { id: row.id } });
      }
    }
    return synced.sort((a, b) => a.row.name.localeCompare(b.row.name));
  });
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/** Containers (any state) and add-ons that name the host: its row must stay. */
export async function isReferenced(tx: Tx | typeof db, hostId: string): Promise<boolean> {
  const [containers, addons] = await Promise.all([tx.container.count({ where: { hostId } }), tx.addon.count({ where: { hostId } })]);
  return containers + addons > 0;
}
