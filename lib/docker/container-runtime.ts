// The container runtime: the one way Berth's domain talks to a container engine about containers,
// images, volumes, networks, exec, events, logs and stats. Everything above it speaks of hosts,
// images and containers, never of a local socket. One implementation per engine API use: the
// Docker Engine API (docker-runtime/); the swarm's own API (nodes, services, secrets) is another
// use and lives in swarm-api.ts. Unit tests of the orchestration above use fake-runtime.ts.
import type { Readable, Writable } from "node:stream";
import { DockerRuntime } from "./docker-runtime/index.ts";

export interface HostRef {
  id: string;
  endpoint: string; // unix:///var/run/docker.sock | tcp://host:2375 | https://node:<agent port> (Berth's agent)
  /** The host's own address, where its containers' published ports answer (several hosts); null on one host. */
  address?: string | null;
}

export interface ContainerSpec {
  name: string;
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  network: string;
  networkAliases?: string[];
  memoryBytes: number;
  cpuShares?: number;
  pidsLimit?: number;
  user?: string;
  dropCapabilities?: boolean;
  /** Capabilities beyond Docker's default set (Berth's own containers only, e.g. a node's firewall). */
  addCapabilities?: string[];
  restart?: "no" | "unless-stopped";
  mounts?: Array<{ volume: string; target: string }>;
  /** A TCP port published on an ephemeral port of the host's address, for a router on another machine. */
  publish?: number;
  /** tini as PID 1 (the default); false leaves it to the engine (the buildpack builder never had it). */
  init?: boolean;
}

export interface RunningContainer {
  id: string;
  /** How the router reaches it: the host's address and the published port, else its own address and `port`. */
  address: string;
  port?: number;
}

/** A container as the engine lists it (Docker's field names). */
export interface ListedContainer {
  Id: string;
  Names: string[];
  Labels: Record<string, string>;
  /** running | exited | created | restarting | … */
  State: string;
  Status: string;
  /** Seconds since the epoch. */
  Created: number;
  Ports?: Array<{ PrivatePort: number; PublicPort?: number }>;
  NetworkSettings?: { Networks: Record<string, { IPAddress: string }> };
}

/** What Berth reads of one container's inspection. */
export interface ContainerDetails {
  State: { Running: boolean; Restarting: boolean; OOMKilled: boolean; ExitCode: number };
  RestartCount: number;
}

export interface ListedImage {
  Id: string;
  RepoTags?: string[];
  RepoDigests?: string[];
}

export interface ContainerStats {
  cpuNs: number;
  systemNs: number;
  onlineCpus: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

export interface ExecSpec {
  cmd: string[];
  env?: Record<string, string>;
  user?: string;
  /** Fed to the command's stdin, which is closed at its end. */
  stdin?: Readable;
  /** Where stdout goes (and is ended), with backpressure; without it, stdout is collected and returned. */
  stdout?: Writable;
  timeoutMs: number;
}

export interface ExecResult {
  exitCode: number;
  /** Collected stdout (empty when spec.stdout took it); at most its last 1 MiB. */
  stdout: string;
  /** At most the last 64 KiB of stderr. */
  stderr: string;
}

export interface BuildImageSpec {
  context: Readable;
  tag: string;
  memoryBytes?: number;
  network: string;
  onOutput: (line: string) => void;
  timeoutMs: number;
}

/** What became of one image name asked to go. */
export type ImageRemoval = "removed" | "in-use" | "missing";

export interface ContainerRuntime {
  readonly host: HostRef;

  // Engine
  /** Resolves when the engine answers. */
  ping(): Promise<void>;
  /** The engine's capacity, or null when it does not answer. */
  info(): Promise<{ NCPU?: number; MemTotal?: number; ServerVersion?: string } | null>;

  // Containers
  /** Creates and starts a container; returns where the router reaches it. */
  run(spec: ContainerSpec): Promise<RunningContainer>;
  /**
   * Runs a container to its end, streaming its output (stdout and stderr, in order), then removes
   * it. Resolves with the exit code; a run past timeoutMs is killed and rejects.
   */
  runToCompletion(spec: ContainerSpec, opts: { onOutput: (chunk: string) => void; timeoutMs: number; signal?: AbortSignal }): Promise<number>;
  /** Creates a container without starting it (a build that fills it with archives first); returns its id. */
  create(spec: ContainerSpec): Promise<string>;
  /** Streams a created container's output (stdout and stderr, in order) from its start on: attach before start. */
  attachOutput(id: string, onOutput: (chunk: Buffer) => void): Promise<void>;
  start(id: string): Promise<void>;
  kill(id: string): Promise<void>;
  /** Its exit code; past timeoutMs it is killed and this rejects with timeoutMessage. */
  waitForExit(id: string, opts: { timeoutMs: number; timeoutMessage: string }): Promise<number>;
  /** Removes a container with its anonymous volumes, forcibly. Missing is fine. */
  remove(id: string): Promise<void>;
  /** Stops a container but keeps it, so it can be started again. */
  stop(id: string, graceSeconds?: number): Promise<void>;
  /** Starts an existing, stopped container again; returns its (possibly new) address. */
  restart(id: string, network: string): Promise<RunningContainer>;
  /** Stops and starts a running container again (its volumes and networks stay). */
  restartInPlace(id: string, graceSeconds?: number): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period, then remove. Missing containers are fine. */
  stopAndRemove(id: string, graceSeconds?: number): Promise<void>;
  inspect(id: string): Promise<ContainerDetails>;
  /** This instance's containers (berth.instance), with these labels too, running or not. */
  list(labels?: Record<string, string>): Promise<ListedContainer[]>;
  /** Bytes a container has written outside its volumes (its writable layer). Walks the layer: not for hot paths. */
  writtenBytes(id: string): Promise<number>;
  /** Puts a tar's entries into a container, at `path`. */
  putArchive(id: string, archive: NodeJS.ReadableStream, path: string): Promise<void>;
  /** A tar of `path` in a container. */
  getArchive(id: string, path: string): Promise<NodeJS.ReadableStream>;

  // Exec
  /** Runs a command inside a running container (no shell unless cmd names one); resolves with its exit code. */
  execCommand(id: string, spec: ExecSpec): Promise<ExecResult>;

  // Events, logs, stats
  /** The engine's event stream, filtered to this instance's containers. Ends when the engine goes away. */
  events(): Promise<NodeJS.ReadableStream>;
  /** The last lines of a container's output, as text. */
  logsTail(id: string, lines?: number): Promise<string>;
  /**
   * Follows a container's output from `since` (Docker's seconds.nanoseconds, inclusive) on, each
   * line prefixed with its RFC 3339 stamp, in Docker's multiplexed frames (log-frames.ts). The
   * stream ends when the container stops, or when the signal aborts.
   */
  followLogs(id: string, opts?: { since?: string; tail?: number; signal?: AbortSignal }): Promise<NodeJS.ReadableStream>;
  /** Counters of one container right now (no waiting for a second sample: the caller keeps the previous one). */
  stats(id: string, signal?: AbortSignal): Promise<ContainerStats>;

  // Images
  /** Builds an image with the engine's builder from a tar (optionally gzipped) context; resolves with its id. */
  buildImage(spec: BuildImageSpec): Promise<string>;
  /** An image made of `image` with a tar's entries put in at / (one layer), named `tag`; `archive` is opened once the holder container exists. */
  commitArchive(spec: { name: string; image: string; labels: Record<string, string>; archive: () => NodeJS.ReadableStream; tag: string }): Promise<void>;
  tagImage(image: string, repo: string, tag: string): Promise<void>;
  /**
   * Removes one name of an image. The image itself goes with its last name: two apps whose builds
   * came out identical share one image, and deleting one app must not take it from the other.
   */
  removeImageTag(reference: string): Promise<ImageRemoval>;
  /** The images of one repository, e.g. berth/<app>. */
  listImages(repository: string): Promise<ListedImage[]>;
  /** An image's id, or null when the engine has no such image. */
  imageId(reference: string): Promise<string | null>;
  /** The user an image runs as ("" when it names none, which means root) and its labels. */
  imageConfig(image: string): Promise<{ user: string; labels: Record<string, string> }>;
  imageSize(image: string): Promise<number>;
  /**
   * Small text files of an image (e.g. /etc/passwd), read from a container that is created but never
   * started. A missing file reads as ""; each is read up to `maxBytes`.
   */
  readImageFiles(image: string, paths: string[], maxBytes?: number): Promise<string[]>;
  /** docker pull through the engine API; the engine reports failures inside the progress stream too. */
  pullImage(reference: string, signal: AbortSignal): Promise<void>;

  // Volumes
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;

  // Networks
  /** Makes the network unless it exists; several callers at once get the same one. */
  ensureNetwork(name: string, labels: Record<string, string>, opts?: { bridgeName?: string; overlay?: boolean }): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /** Joins a running container to one more network, under these aliases. Already joined is fine. */
  connect(network: string, containerId: string, aliases: string[]): Promise<void>;
  /** Takes a container off a network. A container or network already gone is fine. */
  disconnect(network: string, containerId: string): Promise<void>;
}

/** The runtime of one host's engine. Cheap: the engine's connection is made once per endpoint and kept. */
export function runtimeFor(host: HostRef): ContainerRuntime {
  return new DockerRuntime(host);
}
