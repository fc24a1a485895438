// Where the hosts come from depends on the scheduler: one engine with `local`, the swarm's nodes
// with `swarm`. Each scheduler variant names its pool (pools/); the hosts API (list, join
// command, drain and labels, remove) speaks only to this interface.
import { scheduler } from "../scheduler/index.ts";
import type { HostState, NodeChange } from "../swarm/node-facts.ts";

/** A host with what its engine (or the swarm) says of it now. */
export interface LiveHost {
  /** The Host row's id (what containers and add-ons point at). */
  id: string;
  name: string;
  /** Where the router reaches containers' published ports on it; null on the local engine. */
  address: string | null;
  /** `left`: a node that left the swarm while containers or add-ons still point at its row. */
  role: "local" | "manager" | "worker" | "left";
  leader: boolean;
  state: HostState;
  /** Whether Berth knows how to reach its engine (the endpoint itself is never shown). */
  endpointKnown: boolean;
  cpus: number;
  memoryBytes: number;
  labels: Record<string, string>;
  /** The swarm's availability (active | pause | drain); null on the local engine. */
  availability: string | null;
  engineVersion: string | null;
  nodeId: string | null;
  /** The engine Berth manages the hosts through: never removed by Berth. */
  isBerthManager: boolean;
}

export interface HostPool {
  /** What the host Berth manages through is, for refusals: "the engine Berth runs on …". */
  managerDescription: string;
  /** Every host, its row brought up to date. Sorted by name. */
  hosts(): Promise<LiveHost[]>;
  /** The command a new machine runs to join; the note says what else it needs. */
  joinCommand(): Promise<{ command: string; note: string }>;
  /** Drains or undrains a host, sets or removes labels; its row's state follows. */
  update(host: LiveHost, change: NodeChange): Promise<void>;
  /** Takes a host out (the domain has checked it may go). */
  remove(host: LiveHost): Promise<void>;
}

export const hostPool = (): HostPool => scheduler().hostPool;
