// What a scheduler answers: where Berth's containers run. Everything that starts, finds or
// removes a container asks the chosen scheduler (lib/scheduler/index.ts), never an engine by name.
import type { HostRef } from "../docker/container-runtime.ts";
import type { HostPool } from "../hosts/host-pool.ts";

export type HostState = "ready" | "down" | "draining";

export interface SchedulerHost extends HostRef {
  name: string;
  state: HostState;
}

/** New containers for one app: where each goes, beside those of it that stay. */
export interface PlacementRequest {
  appId: string;
  slots: ReadonlyArray<{ type: string; size: string; label?: string }>;
  /** Its containers that keep running through this change (not the ones it replaces). */
  staying: ReadonlyArray<{ hostId: string; type: string }>;
}

export interface Scheduler {
  readonly name: string;
  /** The hosts as the hosts API lists and changes them (join, drain, labels, remove). */
  readonly hostPool: HostPool;
  /** Once per process, before anything runs: the swarm variant joins or makes its swarm. */
  start(): Promise<void>;
  /** The engine builds run on, where the stack images are. */
  buildHost(): Promise<HostRef>;
  /** Every host containers may be on, down ones too: each sweep iterates these. */
  hosts(): Promise<SchedulerHost[]>;
  /** A host for each slot, in order; a `PlacementRefused` (422) names what is missing, and nothing starts. */
  placeContainers(request: PlacementRequest): Promise<HostRef[]>;
  /**
   * Refuses (422, naming what is missing) a formation that would fit on no hosts, counting what
   * other apps reserve but not this app's own containers (a rollout replaces them).
   */
  assertFits(appId: string, slots: ReadonlyArray<{ type: string; size: string; label?: string }>): Promise<void>;
  /** A host for a one-off or release command of `size`. */
  placeOneOff(size: string): Promise<HostRef>;
  /**
   * Hosts for an add-on's `count` containers (the primary first, then its replicas), each of
   * `memoryBytes`: on different hosts where there is room. They stay there, with their volumes.
   */
  placeAddon(memoryBytes: number, count: number): Promise<HostRef[]>;
  /** Makes an image built on the build host available to every host (a registry push). */
  publishImage(image: string): Promise<void>;
  /** The reference a host starts `image` by, pulled there first if it has never seen it. */
  imageOn(host: HostRef, image: string): Promise<string>;
  /** Removes an app's images that are not in `keep` (local image tags) from wherever the scheduler put copies. */
  pruneImages(appId: string, keep: string[]): Promise<void>;
  /** What the scheduler keeps of a deleted app beyond its containers: its images in the registry and on the hosts. */
  forgetApp(appId: string): Promise<void>;
  /** A network that an app's (or an add-on's) containers share on whichever hosts they run. */
  ensureNetwork(name: string, labels: Record<string, string>): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /**
   * Whether web containers publish their port on their host's address for the router (several
   * hosts), rather than being reached at their own address on the router's engine (one host).
   */
  readonly publishesPorts: boolean;
}
