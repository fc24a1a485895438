// How the Host rows must change to follow the swarm's nodes, as a pure function: which rows to
// create or update (and with what), and which rows belong to nodes that left. lib/swarm/sync-hosts.ts
// applies it.
import { hostNames, nodeFacts, type NodeFacts, type SwarmNode } from "./node-facts.ts";

/** The Host columns the sync owns. */
export interface HostRowFields {
  name: string;
  nodeId: string | null;
  address: string | null;
  endpoint: string;
  state: string;
}

export interface HostRowLike extends HostRowFields {
  id: string;
}

export interface PlannedHost {
  node: NodeFacts;
  /** The row that is this node's (by node id, or by name for a machine that rejoined); null: create one. */
  existingId: string | null;
  wanted: HostRowFields;
  changed: boolean;
}

export interface HostSyncPlan<R extends HostRowLike> {
  hosts: PlannedHost[];
  /** Rows of nodes no longer in the swarm: down while anything points at them, deleted otherwise. */
  departed: R[];
}

export interface SyncSettings {
  managerNodeId: string;
  /** BERTH_SWARM_ENDPOINTS: node hostname → engine endpoint. */
  endpoints: Record<string, string>;
  /** BERTH_SWARM_MANAGER: how the manager node's engine is reached when it is not listed. */
  managerEndpoint: string;
  /** BERTH_AGENT_PORT: where Berth's agent answers on every node's address (0: no agents). */
  agentPort: number;
}

/**
 * How Berth reaches a node's engine: BERTH_SWARM_ENDPOINTS, else the manager's own, else Berth's
 * agent on the node's address (mutual TLS, lib/swarm/agent-service.ts); "" for a node with no address.
 */
export function endpointOf(node: Pick<NodeFacts, "nodeId" | "hostname" | "address">, s: SyncSettings): string {
  const listed = s.endpoints[node.hostname] ?? (node.nodeId === s.managerNodeId ? s.managerEndpoint : undefined);
  if (listed !== undefined) return listed;
  if (!node.address || !s.agentPort) return "";
  return `https://${node.address.includes(":") ? `[${node.address}]` : node.address}:${s.agentPort}`;
}

export function planHostSync<R extends HostRowLike>(rows: R[], nodes: SwarmNode[], s: SyncSettings): HostSyncPlan<R> {
  const names = hostNames(nodes);
  const current = new Set(nodes.map((n) => n.ID));
  const claimed = new Set<string>();
  const hosts = nodes.map(nodeFacts).map((node): PlannedHost => {
    const name = names.get(node.nodeId)!;
    // The same machine rejoining gets a new node id: its row (found by name) is reused, so what points at it still does.
    const existing =
      rows.find((r) => r.nodeId === node.nodeId) ?? rows.find((r) => r.name === name && !claimed.has(r.id) && (r.nodeId === null || !current.has(r.nodeId)));
    if (existing) claimed.add(existing.id);
    // A down row stays down until Berth reaches the node's engine again (lib/scheduler/swarm.ts):
    // the swarm still says ready for about 11 s after an engine died, and the row flipped.
    const state = existing?.state === "down" ? "down" : node.state;
    const wanted: HostRowFields = { name, nodeId: node.nodeId, address: node.address, endpoint: endpointOf(node, s), state };
    return { node, existingId: existing?.id ?? null, wanted, changed: !existing || differs(existing, wanted) };
  });
  // Rows without a node id (the local engine's) are not the swarm's to remove.
  const departed = rows.filter((r) => !claimed.has(r.id) && r.nodeId !== null && !current.has(r.nodeId));
  return { hosts, departed };
}

function differs(row: HostRowFields, wanted: HostRowFields): boolean {
  return row.name !== wanted.name || row.nodeId !== wanted.nodeId || row.address !== wanted.address || row.endpoint !== wanted.endpoint || row.state !== wanted.state;
}
