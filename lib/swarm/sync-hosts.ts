// Host rows follow the swarm's nodes: every node is a Host (named after its hostname), with its
// node id, address, state (ready | down | draining) and the endpoint Berth reaches its engine at.
// A node that left the swarm stays a `down` row while containers or add-ons still point at it
// (the reconciler moves them), and its row goes once nothing does.
import { db } from "../db.ts";
import { settings } from "../env.ts";
import type { Host } from "../generated/prisma/client.ts";
import { hostNames, nodeFacts, type NodeFacts } from "./node-facts.ts";
import { ensureSwarm, listNodes } from "./swarm.ts";

export interface SyncedHost {
  row: Host;
  /** What the swarm says of the node now; null for a node that left the swarm. */
  node: NodeFacts | null;
  /** The manager Berth talks to (BERTH_SWARM_MANAGER): never drained away or removed by Berth. */
  isBerthManager: boolean;
}

/** How Berth reaches a node's engine: BERTH_SWARM_ENDPOINTS, else the manager's own; "" when unknown (an agent comes later). */
export function endpointOf(node: Pick<NodeFacts, "nodeId" | "hostname">, managerNodeId: string): string {
  return settings.swarmEndpoints[node.hostname] ?? (node.nodeId === managerNodeId ? settings.swarmManager : "");
}

/** Reads the swarm's nodes and brings the Host rows up to date. Sorted by name. */
export async function syncHosts(): Promise<SyncedHost[]> {
  const managerNodeId = await ensureSwarm();
  const nodes = await listNodes();
  const names = hostNames(nodes);
  const facts = nodes.map(nodeFacts);

  return db.$transaction(async (tx) => {
    const current = new Set(facts.map((f) => f.nodeId));
    const rows = await tx.host.findMany();
    const synced: SyncedHost[] = [];
    for (const node of facts) {
      const name = names.get(node.nodeId)!;
      const wanted = { name, nodeId: node.nodeId, address: node.address, endpoint: endpointOf(node, managerNodeId), state: node.state };
      // The same machine rejoining gets a new node id: its row (by name) is reused, so what points at it still does.
      const existing = rows.find((r) => r.nodeId === node.nodeId) ?? rows.find((r) => r.name === name && (r.nodeId === null || !current.has(r.nodeId)));
      let row: Host;
      if (!existing) row = await tx.host.create({ data: wanted });
      else if (differs(existing, wanted)) row = await tx.host.update({ where: { id: existing.id }, data: wanted });
      else row = existing;
      synced.push({ row, node, isBerthManager: node.nodeId === managerNodeId });
    }
    const claimed = new Set(synced.map((s) => s.row.id));
    for (const row of rows) {
      if (claimed.has(row.id) || row.nodeId === null || current.has(row.nodeId)) continue;
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

function differs(row: Host, wanted: Pick<Host, "name" | "nodeId" | "address" | "endpoint" | "state">): boolean {
  return row.name !== wanted.name || row.nodeId !== wanted.nodeId || row.address !== wanted.address || row.endpoint !== wanted.endpoint || row.state !== wanted.state;
}
