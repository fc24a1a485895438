// The container runtime: the only module that talks to a Docker Engine. Everything above it
// speaks of hosts, images and containers, never of a local socket.
import Docker from "dockerode";
import type { Readable, Writable } from "node:stream";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import tarStream from "tar-stream";
import https from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { AGENT_SERVER_NAME, agentClientTls } from "../swarm/agent-certs.ts";
import { berthLabels } from "./labels.ts";

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
}

export interface RunningContainer {
  id: string;
  /** How the router reaches it: the host's address and the published port, else its own address and `port`. */
  address: string;
  port?: number;
}

const clients = new Map<string, Docker>();

export function dockerFor(host: HostRef): Docker {
  let client = clients.get(host.endpoint);
  if (!client) {
    const url = new URL(host.endpoint);
    client =
      url.protocol === "unix:"
        ? new Docker({ socketPath: url.pathname })
        : url.protocol === "https:"
          ? agentClient(url)
          : new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
    clients.set(host.endpoint, client);
  }
  return client;
}

/**
 * A node's engine through Berth's agent on it (lib/swarm/agent-service.ts): mutual TLS with
 * Berth's client certificate, trusting only the agents' CA, and checking the fixed name in the
 * agents' certificate rather than the address dialled (see lib/swarm/agent-certs.ts).
 */
function agentClient(url: URL): Docker {
  const { ca, cert, key } = agentClientTls();
  return new Docker({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port || 443),
    protocol: "https",
    ca,
    cert,
    key,
    checkServerIdentity: (_host: string, peer: PeerCertificate) => checkServerIdentity(AGENT_SERVER_NAME, peer),
    // No TLS session resumption: socat's server has no session id context for verified clients,
    // and refuses a resumed session with "internal error" (Node's agents resume by default).
    agent: new https.Agent({ keepAlive: true, maxCachedSessions: 0 }),
  } as Docker.DockerOptions);
}

const creatingNetworks = new Map<string, Promise<void>>();

/**
 * Makes the network unless it exists. Docker's CheckDuplicate does not stop two creations at
 * the same moment (a deploy and an add-on's provisioning joining the app's network), and every
 * later use of an ambiguous name fails: creations are serialised here, and a duplicate made by
 * another process is removed — every caller keeps the same one, the oldest.
 */
export async function ensureNetwork(host: HostRef, name: string, labels: Record<string, string>, opts: { bridgeName?: string; overlay?: boolean } = {}): Promise<void> {
  const key = `${host.endpoint} ${name}`;
  const previous = creatingNetworks.get(key) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => createNetworkOnce(host, name, labels, opts));
  creatingNetworks.set(key, mine);
  try {
    await mine;
  } finally {
    if (creatingNetworks.get(key) === mine) creatingNetworks.delete(key);
  }
}

async function createNetworkOnce(host: HostRef, name: string, labels: Record<string, string>, opts: { bridgeName?: string; overlay?: boolean }): Promise<void> {
  const docker = dockerFor(host);
  const existing = await docker.listNetworks({ filters: { name: [name] } });
  if (existing.some((n) => n.Name === name)) return removeDuplicateNetworks(host, name);
  try {
    const options = opts.bridgeName ? { "com.docker.network.bridge.name": opts.bridgeName } : undefined;
    // CheckDuplicate: Docker otherwise makes a second network of the same name, and every later use of the name fails as ambiguous.
    // An overlay is attachable: plain containers on any node of the swarm join it, not only services.
    const driver = opts.overlay ? { Driver: "overlay", Attachable: true } : { Driver: "bridge" };
    await docker.createNetwork({ Name: name, ...driver, Labels: berthLabels(labels), CheckDuplicate: true, Options: options });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  }
  await removeDuplicateNetworks(host, name);
}

async function removeDuplicateNetworks(host: HostRef, name: string): Promise<void> {
  const docker = dockerFor(host);
  const same = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  if (same.length < 2) return;
  const [, ...extra] = same.sort((a, b) => (a.Created ?? "").localeCompare(b.Created ?? "") || a.Id.localeCompare(b.Id));
  for (const n of extra) await ignoreMissing(docker.getNetwork(n.Id).remove(), 403, 409);
}

export async function removeNetwork(host: HostRef, name: string): Promise<void> {
  await ignoreMissing(dockerFor(host).getNetwork(name).remove());
}

/** The Engine's create options for a spec: the same limits and hardening for every container. */
function createOptions(spec: ContainerSpec) {
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    User: spec.user,
    HostConfig: {
      // tini as PID 1: the app gets SIGTERM with its default meaning (PID 1 would ignore it)
      // and zombies are reaped.
      Init: true,
      Memory: spec.memoryBytes,
      MemorySwap: spec.memoryBytes,
      CpuShares: spec.cpuShares,
      PidsLimit: spec.pidsLimit,
      CapDrop: spec.dropCapabilities ? ["ALL"] : undefined,
      CapAdd: spec.addCapabilities,
      SecurityOpt: ["no-new-privileges"],
      NetworkMode: spec.network,
      RestartPolicy: { Name: spec.restart ?? "no" },
      Mounts: spec.mounts?.map((m) => ({ Type: "volume" as const, Source: m.volume, Target: m.target })),
      // HostPort "": the engine picks a free port; the router learns it from the inspect.
      PortBindings: spec.publish ? { [`${spec.publish}/tcp`]: [{ HostIp: "", HostPort: "" }] } : undefined,
    },
    ExposedPorts: spec.publish ? { [`${spec.publish}/tcp`]: {} } : undefined,
    NetworkingConfig: spec.networkAliases ? { EndpointsConfig: { [spec.network]: { Aliases: spec.networkAliases } } } : undefined,
  };
}

/** Creates and starts a container; returns where the router reaches it. */
export async function runContainer(host: HostRef, spec: ContainerSpec): Promise<RunningContainer> {
  const container = await dockerFor(host).createContainer(createOptions(spec));
  await container.start();
  return { id: container.id, ...reachableAt(host, await container.inspect(), spec.network) };
}

/**
 * The router's way to a container: the port it publishes on its host's address (several hosts),
 * or its own address on its network (one host). A container that has exited has neither.
 */
export function reachableAt(host: HostRef, info: Docker.ContainerInspectInfo, network: string): { address: string; port?: number } {
  const published = Object.values(info.NetworkSettings.Ports ?? {}).flatMap((b) => b ?? []).find((b) => /^\d+$/.test(b.HostPort));
  if (host.address && Object.keys(info.HostConfig.PortBindings ?? {}).length > 0) return published ? { address: host.address, port: Number(published.HostPort) } : { address: "" };
  return { address: info.NetworkSettings.Networks[network]?.IPAddress ?? "" };
}

/**
 * Runs a container to its end, streaming its output (stdout and stderr, in order), then removes
 * it. Resolves with the exit code; a run past timeoutMs is killed and rejects.
 */
export async function runToCompletion(
  host: HostRef,
  spec: ContainerSpec,
  opts: { onOutput: (chunk: string) => void; timeoutMs: number; signal?: AbortSignal },
): Promise<number> {
  const docker = dockerFor(host);
  const container = await docker.createContainer(createOptions(spec));
  try {
    // Attached before the start, so the stream has all of it: replaying the logs too (`logs`) gave
    // a quick command's output twice (seen in a full run: `berth run 'echo …'` printed it twice).
    const stream = await container.attach({ stream: true, stdout: true, stderr: true, logs: false });
    const out = new PassThrough();
    docker.modem.demuxStream(stream, out, out);
    out.on("data", (chunk: Buffer) => opts.onOutput(chunk.toString("utf8")));
    const ended = new Promise<void>((resolve) => stream.on("end", () => resolve()));
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const stop = () => container.kill().catch(() => undefined);
    opts.signal?.addEventListener("abort", stop, { once: true });
    // A caller that went away while the container was starting: the listener came too late.
    if (opts.signal?.aborted) void stop();
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void stop();
        reject(new Error(`the command ran longer than ${Math.round(opts.timeoutMs / 1000)} s and was stopped`));
      }, opts.timeoutMs);
    });
    try {
      const result = (await Promise.race([container.wait(), timedOut])) as { StatusCode: number };
      // The last output arrives after the exit; wait for it, but not forever.
      await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
      return result.StatusCode;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", stop);
    }
  } finally {
    await ignoreMissing(container.remove({ force: true, v: true }), 409);
  }
}

/** Stops a container but keeps it, so it can be started again. */
export async function stopContainer(host: HostRef, id: string, graceSeconds = 10): Promise<void> {
  await ignoreMissing(dockerFor(host).getContainer(id).stop({ t: graceSeconds }), 304);
}

/** Starts an existing, stopped container again; returns its (possibly new) address. */
export async function restartContainer(host: HostRef, id: string, network: string): Promise<RunningContainer> {
  const container = dockerFor(host).getContainer(id);
  await ignoreMissing(container.start(), 304);
  return { id, ...reachableAt(host, await container.inspect(), network) };
}

/** The engine's event stream, filtered to this instance's containers. Ends when the engine goes away. */
export async function containerEvents(host: HostRef): Promise<NodeJS.ReadableStream> {
  return (await dockerFor(host).getEvents({
    filters: { type: ["container"], label: Object.entries(berthLabels()).map(([k, v]) => `${k}=${v}`) },
  })) as NodeJS.ReadableStream;
}

/** Bytes a container has written outside its volumes (its writable layer). Walks the layer: not for hot paths. */
export async function containerWrittenBytes(host: HostRef, id: string): Promise<number> {
  const info = (await (dockerFor(host).getContainer(id).inspect({ size: true } as never) as unknown as Promise<{ SizeRw?: number }>));
  return info.SizeRw ?? 0;
}

export async function inspectContainer(host: HostRef, id: string) {
  return dockerFor(host).getContainer(id).inspect();
}

/** SIGTERM, then SIGKILL after the grace period, then remove. Missing containers are fine. */
export async function stopAndRemoveContainer(host: HostRef, id: string, graceSeconds = 30): Promise<void> {
  const container = dockerFor(host).getContainer(id);
  // 304: already stopped; 409: another caller (a deploy draining it, an app deletion) is removing it
  await ignoreMissing(container.stop({ t: graceSeconds }), 304, 409);
  await ignoreMissing(container.remove({ force: true, v: true }), 409);
}

export async function containerLogsTail(host: HostRef, id: string, lines = 30): Promise<string> {
  const buf = (await dockerFor(host).getContainer(id).logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
  return demuxToText(buf);
}

/**
 * Follows a container's output from `since` (Docker's seconds.nanoseconds, inclusive) on, each
 * line prefixed with its RFC 3339 stamp, in Docker's multiplexed frames. The stream ends when the
 * container stops, or when the signal aborts.
 */
export async function followContainerLogs(host: HostRef, id: string, opts: { since?: string; tail?: number; signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
  const container = dockerFor(host).getContainer(id);
  const from = { since: opts.since ?? 0, tail: opts.tail ?? "all" };
  return container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, ...from, abortSignal: opts.signal } as never) as unknown as Promise<NodeJS.ReadableStream>;
}

/** Counters of one container right now (no waiting for a second sample: the caller keeps the previous one). */
export async function containerStatsOnce(host: HostRef, id: string, signal?: AbortSignal): Promise<ContainerStats> {
  const raw = (await dockerFor(host).getContainer(id).stats({ stream: false, "one-shot": true, abortSignal: signal } as never)) as unknown as RawStats;
  const mem = raw.memory_stats ?? {};
  // What `docker stats` shows: usage without the reclaimable page cache (cgroup v1 and v2 name it differently).
  const cache = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? 0;
  return {
    cpuNs: raw.cpu_stats?.cpu_usage?.total_usage ?? 0,
    systemNs: raw.cpu_stats?.system_cpu_usage ?? 0,
    onlineCpus: raw.cpu_stats?.online_cpus ?? raw.cpu_stats?.cpu_usage?.percpu_usage?.length ?? 1,
    memoryBytes: Math.max(0, (mem.usage ?? 0) - cache),
    memoryLimitBytes: mem.limit ?? 0,
  };
}

export interface ContainerStats {
  cpuNs: number;
  systemNs: number;
  onlineCpus: number;
  memoryBytes: number;
  memoryLimitBytes: number;
}

interface RawStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}

export async function listBerthContainers(host: HostRef, filters: Record<string, string> = {}) {
  const label = Object.entries(berthLabels(filters)).map(([k, v]) => `${k}=${v}`);
  return dockerFor(host).listContainers({ all: true, filters: { label } });
}

export async function tagImage(host: HostRef, image: string, repo: string, tag: string): Promise<void> {
  await dockerFor(host).getImage(image).tag({ repo, tag });
}

/**
 * Removes one name of an image. The image itself goes with its last name: two apps whose builds
 * came out identical share one image, and deleting one app must not take it from the other.
 */
export async function removeImageTag(host: HostRef, reference: string): Promise<void> {
  await ignoreMissing(dockerFor(host).getImage(reference).remove({ force: false }), 409);
}

/** The images of one repository, e.g. berth/<app>. */
export async function listImages(host: HostRef, repository: string) {
  return dockerFor(host).listImages({ filters: { reference: [repository] } });
}

/** The user an image runs as ("" when it names none, which means root) and its labels. */
export async function imageConfig(host: HostRef, image: string): Promise<{ user: string; labels: Record<string, string> }> {
  const config = (await dockerFor(host).getImage(image).inspect()).Config;
  return { user: config?.User ?? "", labels: config?.Labels ?? {} };
}

/**
 * Small text files of an image (e.g. /etc/passwd), read from a container that is created but never
 * started. A missing file reads as ""; each is read up to `maxBytes`.
 */
export async function readImageFiles(host: HostRef, image: string, paths: string[], maxBytes = 1024 * 1024): Promise<string[]> {
  const container = await dockerFor(host).createContainer({
    Image: image,
    // Never run: create only needs a command when the image names none.
    Entrypoint: ["/berth-never-runs"],
    Labels: berthLabels({ "berth.kind": "build" }),
    NetworkDisabled: true,
  });
  try {
    return await Promise.all(
      paths.map(async (file) => {
        const archive = await ignoreMissing(container.getArchive({ path: file }) as Promise<NodeJS.ReadableStream>);
        return archive ? firstEntryText(archive, maxBytes) : "";
      }),
    );
  } finally {
    await ignoreMissing(container.remove({ force: true, v: true }), 409);
  }
}

/** The text of a tar stream's first entry, cut at maxBytes; the rest is drained unread. */
async function firstEntryText(archive: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let first = true;
  const extract = tarStream.extract();
  extract.on("entry", (_header, body, next) => {
    body.on("data", (data: unknown) => {
      const chunk = data as Buffer;
      if (first && size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
    });
    body.on("end", () => {
      first = false;
      next();
    });
    body.resume();
  });
  await pipeline(archive as unknown as Readable, extract);
  return Buffer.concat(chunks).toString("utf8");
}

export async function imageSize(host: HostRef, image: string): Promise<number> {
  return (await dockerFor(host).getImage(image).inspect()).Size;
}

export async function ensureVolume(host: HostRef, name: string, labels: Record<string, string>): Promise<void> {
  const docker = dockerFor(host);
  try {
    await docker.getVolume(name).inspect();
  } catch {
    await docker.createVolume({ Name: name, Labels: berthLabels(labels) });
  }
}

export async function removeVolume(host: HostRef, name: string): Promise<void> {
  await ignoreMissing(dockerFor(host).getVolume(name).remove());
}

/**
 * Builds an image with the engine's builder from a tar (optionally gzipped) context.
 * Streams each output line to onOutput; rejects with the builder's error message.
 */
export async function buildImage(
  host: HostRef,
  opts: { context: Readable; tag: string; memoryBytes?: number; network: string; onOutput: (line: string) => void; timeoutMs: number },
): Promise<string> {
  const docker = dockerFor(host);
  const stream = await docker.buildImage(opts.context, {
    t: opts.tag,
    memory: opts.memoryBytes,
    // RUN steps run on this network (see build-network.ts), never the engine's default bridge.
    networkmode: opts.network,
    rm: true,
    forcerm: true,
  });
  return await new Promise<string>((resolve, reject) => {
    let imageId = "";
    let failure = "";
    const timer = setTimeout(() => {
      (stream as unknown as { destroy: () => void }).destroy();
      reject(new Error(`the build took longer than ${Math.round(opts.timeoutMs / 1000)} s`));
    }, opts.timeoutMs);
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        clearTimeout(timer);
        if (err) reject(err);
        else if (failure) reject(new Error(failure));
        else resolve(imageId);
      },
      (event: { stream?: string; error?: string; aux?: { ID?: string } }) => {
        if (event.aux?.ID) imageId = event.aux.ID;
        if (event.stream) for (const line of event.stream.replace(/\n$/, "").split("\n")) opts.onOutput(line);
        if (event.error) {
          failure = event.error.trim();
          opts.onOutput(failure);
        }
      },
    );
  });
}

/** Stops and starts a running container again (its volumes and networks stay). */
export async function restartInPlace(host: HostRef, id: string, graceSeconds = 10): Promise<void> {
  await dockerFor(host).getContainer(id).restart({ t: graceSeconds });
}

/** Joins a running container to one more network, under these aliases. Already joined is fine. */
export async function connectToNetwork(host: HostRef, network: string, containerId: string, aliases: string[]): Promise<void> {
  const docker = dockerFor(host);
  const info = await docker.getContainer(containerId).inspect();
  if (info.NetworkSettings.Networks[network]) return;
  await docker.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } });
}

/** Takes a container off a network. A container or network already gone is fine. */
export async function disconnectFromNetwork(host: HostRef, network: string, containerId: string): Promise<void> {
  try {
    await dockerFor(host).getNetwork(network).disconnect({ Container: containerId, Force: true });
  } catch (err) {
    const e = err as { statusCode?: number; message?: string };
    // "is not connected to the network" (403 or 500, by engine version): nothing to do
    if (e.statusCode === 404 || /not connected/i.test(e.message ?? "")) return;
    throw err;
  }
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

/** Runs a command inside a running container (no shell unless cmd names one); resolves with its exit code. */
export async function execInContainer(host: HostRef, containerId: string, spec: ExecSpec): Promise<ExecResult> {
  const docker = dockerFor(host);
  const exec = await docker.getContainer(containerId).exec({
    Cmd: spec.cmd,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    User: spec.user,
    AttachStdin: Boolean(spec.stdin),
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: Boolean(spec.stdin) })) as unknown as NodeJS.ReadWriteStream & Readable;
  const stderr = new TailBuffer(64 * 1024);
  const collected = spec.stdout ? undefined : new TailBuffer(1024 * 1024);
  const timer = setTimeout(
    () => stream.destroy(new Error(`the command ran longer than ${Math.round(spec.timeoutMs / 1000)} s and was abandoned`)),
    spec.timeoutMs,
  );
  try {
    // Closing the input half-closes the connection, which Docker passes on as EOF on stdin.
    const feeding = spec.stdin ? pipeline(spec.stdin, stream as unknown as Writable, { end: true }) : Promise.resolve();
    const draining = pipeline(stream, demuxFrames((chunk) => stderr.push(chunk)), spec.stdout ?? collected!.sink());
    await Promise.all([feeding, draining]);
  } finally {
    clearTimeout(timer);
  }
  // The exit code is recorded a moment after the output ends.
  for (let i = 0; ; i++) {
    const info = await exec.inspect();
    if (!info.Running || i >= 40) return { exitCode: info.ExitCode ?? -1, stdout: collected?.text() ?? "", stderr: stderr.text() };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A transform from Docker's multiplexed frames to stdout's bytes; stderr frames go to onStderr. */
function demuxFrames(onStderr: (chunk: Buffer) => void) {
  return async function* (source: AsyncIterable<Buffer>) {
    let pending: Buffer = Buffer.alloc(0);
    for await (const chunk of source) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        const payload = pending.subarray(8, 8 + size);
        if (pending[0] === 2) onStderr(payload);
        else yield payload;
        pending = pending.subarray(8 + size);
      }
    }
  };
}

/** Keeps the last `limit` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit) this.size -= this.chunks.shift()!.length;
  }
  sink(): Writable {
    return new PassThrough().on("data", (chunk: Buffer) => this.push(chunk));
  }
  text(): string {
    return Buffer.concat(this.chunks).subarray(-this.limit).toString("utf8");
  }
}

/** Splits Docker's multiplexed stdout/stderr frames into plain text. */
export function demuxToText(buf: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2 || buf[i] === 0) && buf[i + 1] === 0) {
    const size = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return i === 0 ? buf.toString("utf8") : Buffer.concat(out).toString("utf8");
}

export function demuxStream(host: HostRef, source: NodeJS.ReadableStream): PassThrough {
  const out = new PassThrough();
  dockerFor(host).modem.demuxStream(source, out, out);
  source.on("end", () => out.end());
  return out;
}

async function ignoreMissing<T>(p: Promise<T>, ...alsoOk: number[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404 || (status !== undefined && alsoOk.includes(status))) return undefined;
    throw err;
  }
}

