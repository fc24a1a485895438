// What a swarm node is to Berth, as pure functions of Docker's node object: its host state, its
// capacity and role, and the spec a change (drain, labels) gives it.

export type Availability = "active" | "pause" | "drain";

/** The part of Docker's node object (GET /nodes) Berth reads. */
export interface SwarmNode {
  ID: string;
  Version: { Index: number };
  CreatedAt?: string;
  Spec: { Name?: string; Labels?: Record<string, string>; Role: "manager" | "worker"; Availability: Availability };
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number }; Engine?: { EngineVersion?: string } };
  Status: { State: string; Addr?: string; Message?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string };
}

/** ready | down | draining, as the Host row and the router see a host. */
export type HostState = "ready" | "down" | "draining";

/**
 * Berth's mark on a node it drains. Berth drains with a label, not with the swarm's availability:
 * a node the swarm drains runs no swarm task, and Berth's agent is one, so Berth lost its way to
 * the node's engine just when it must move the containers off (the host was taken for down).
 */
export const DRAIN_LABEL = "berth.drain";

/** Down when the swarm does not see the node ready (down, unknown, disconnected); draining when Berth drains it, or the swarm drains or pauses it. */
export function hostStateOf(node: Pick<SwarmNode, "Spec" | "Status">): HostState {
  if (node.Status.State !== "ready") return "down";
  if (node.Spec.Labels?.[DRAIN_LABEL] === "true" || node.Spec.Availability === "drain" || node.Spec.Availability === "pause") return "draining";
  return "ready";
}

export interface NodeFacts {
  nodeId: string;
  hostname: string;
  address: string | null;
  state: HostState;
  role: "manager" | "worker";
  leader: boolean;
  availability: Availability;
  engineVersion: string | null;
  cpus: number;
  memoryBytes: number;
  labels: Record<string, string>;
}

export function nodeFacts(node: SwarmNode): NodeFacts {
  const address = node.Status.Addr && node.Status.Addr !== "0.0.0.0" ? node.Status.Addr : (node.ManagerStatus?.Addr?.replace(/:\d+$/, "") ?? null);
  return {
    nodeId: node.ID,
    hostname: node.Description?.Hostname || node.ID,
    address,
    state: hostStateOf(node),
    role: node.Spec.Role,
    leader: node.ManagerStatus?.Leader === true,
    availability: node.Spec.Availability,
    engineVersion: node.Description?.Engine?.EngineVersion ?? null,
    cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9,
    memoryBytes: node.Description?.Resources?.MemoryBytes ?? 0,
    // Berth's own mark is the state, not one of the user's labels.
    labels: Object.fromEntries(Object.entries(node.Spec.Labels ?? {}).filter(([key]) => key !== DRAIN_LABEL)),
  };
}

/**
 * Host names are Berth's names for hosts, but two machines may share one (cloned VMs): the node
 * that joined first keeps it, the others get `<hostname>-<first 6 of node id>`. Returns node id → name.
 */
export function hostNames(nodes: Array<Pick<SwarmNode, "ID" | "CreatedAt" | "Description">>): Map<string, string> {
  const ordered = [...nodes].sort((a, b) => (a.CreatedAt ?? "").localeCompare(b.CreatedAt ?? "") || a.ID.localeCompare(b.ID));
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const node of ordered) {
    const hostname = node.Description?.Hostname || node.ID;
    const name = taken.has(hostname) ? `${hostname}-${node.ID.slice(0, 6)}` : hostname;
    taken.add(name);
    names.set(node.ID, name);
  }
  return names;
}

/** A change to a node: drain it or make it active again, set labels (a null value removes the label). */
export interface NodeChange {
  drain?: boolean;
  labels?: Record<string, string | null>;
}

/**
 * The node's next spec: Docker's update replaces the whole spec, so everything else is kept. A
 * drain sets DRAIN_LABEL and leaves the swarm's availability as it is; an undrain removes it and
 * makes the node active (also one drained with `docker node update`).
 */
export function nextNodeSpec(spec: SwarmNode["Spec"], change: NodeChange): SwarmNode["Spec"] {
  const labels = { ...(spec.Labels ?? {}) };
  for (const [key, value] of Object.entries(change.labels ?? {})) {
    if (value === null) delete labels[key];
    else labels[key] = value;
  }
  if (change.drain === true) labels[DRAIN_LABEL] = "true";
  if (change.drain === false) delete labels[DRAIN_LABEL];
  return { ...spec, Availability: change.drain === false ? "active" : spec.Availability, Labels: labels };
}
