// Containers on the Docker Engine API: create with Berth's limits and hardening, run, wait, stop,
// restart, remove, list and inspect.
import type Docker from "dockerode";
import type { ContainerDetails, ContainerSpec, HostRef, ListedContainer, RunningContainer } from "../container-runtime.ts";
import { dockerFor, ignoreMissing } from "../engine-client.ts";
import { berthLabels } from "../labels.ts";
import { onFrames } from "../log-frames.ts";

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
      // and zombies are reaped. A spec that says init: false leaves it to the engine's default.
      Init: spec.init === false ? undefined : true,
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

export async function runContainer(host: HostRef, spec: ContainerSpec): Promise<RunningContainer> {
  const container = await dockerFor(host).createContainer(createOptions(spec));
  await container.start();
  return { id: container.id, ...reachableAt(host, await container.inspect(), spec.network) };
}

export async function createContainer(host: HostRef, spec: ContainerSpec): Promise<string> {
  return (await dockerFor(host).createContainer(createOptions(spec))).id;
}

/**
 * The router's way to a container: the port it publishes on its host's address (several hosts),
 * or its own address on its network (one host). A container that has exited has neither.
 */
function reachableAt(host: HostRef, info: Docker.ContainerInspectInfo, network: string): { address: string; port?: number } {
  const published = Object.values(info.NetworkSettings.Ports ?? {}).flatMap((b) => b ?? []).find((b) => /^\d+$/.test(b.HostPort));
  if (host.address && Object.keys(info.HostConfig.PortBindings ?? {}).length > 0) return published ? { address: host.address, port: Number(published.HostPort) } : { address: "" };
  return { address: info.NetworkSettings.Networks[network]?.IPAddress ?? "" };
}

export async function attachOutput(host: HostRef, id: string, onOutput: (chunk: Buffer) => void): Promise<NodeJS.ReadableStream> {
  // Attached before the start, so the stream has all of it: replaying the logs too (`logs`) gave
  // a quick command's output twice (seen in a full run: `berth run 'echo …'` printed it twice).
  const stream = await dockerFor(host).getContainer(id).attach({ stream: true, stdout: true, stderr: true, logs: false });
  onFrames(stream, (payload) => onOutput(payload));
  return stream;
}

/** Its exit code; past timeoutMs it is killed and this rejects with timeoutMessage. */
export async function waitForExit(host: HostRef, id: string, opts: { timeoutMs: number; timeoutMessage: string }): Promise<number> {
  const container = dockerFor(host).getContainer(id);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      container.kill().catch(() => undefined);
      reject(new Error(opts.timeoutMessage));
    }, opts.timeoutMs);
  });
  try {
    return ((await Promise.race([container.wait(), timedOut])) as { StatusCode: number }).StatusCode;
  } finally {
    clearTimeout(timer);
  }
}

export async function runToCompletion(
  host: HostRef,
  spec: ContainerSpec,
  opts: { onOutput: (chunk: string) => void; timeoutMs: number; signal?: AbortSignal },
): Promise<number> {
  const id = await createContainer(host, spec);
  const container = dockerFor(host).getContainer(id);
  try {
    const stream = await attachOutput(host, id, (chunk) => opts.onOutput(chunk.toString("utf8")));
    const ended = new Promise<void>((resolve) => stream.on("end", () => resolve()));
    await container.start();
    const stop = () => container.kill().catch(() => undefined);
    opts.signal?.addEventListener("abort", stop, { once: true });
    // A caller that went away while the container was starting: the listener came too late.
    if (opts.signal?.aborted) void stop();
    try {
      const exitCode = await waitForExit(host, id, {
        timeoutMs: opts.timeoutMs,
        timeoutMessage: `the command ran longer than ${Math.round(opts.timeoutMs / 1000)} s and was stopped`,
      });
      // The last output arrives after the exit; wait for it, but not forever.
      await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
      return exitCode;
    } finally {
      opts.signal?.removeEventListener("abort", stop);
    }
  } finally {
    await ignoreMissing(container.remove({ force: true, v: true }), 409);
  }
}

export async function removeContainer(host: HostRef, id: string): Promise<void> {
  await ignoreMissing(dockerFor(host).getContainer(id).remove({ force: true, v: true }), 409);
}

export async function stopContainer(host: HostRef, id: string, graceSeconds = 10): Promise<void> {
  await ignoreMissing(dockerFor(host).getContainer(id).stop({ t: graceSeconds }), 304);
}

export async function restartContainer(host: HostRef, id: string, network: string): Promise<RunningContainer> {
  const container = dockerFor(host).getContainer(id);
  await ignoreMissing(container.start(), 304);
  return { id, ...reachableAt(host, await container.inspect(), network) };
}

export async function restartInPlace(host: HostRef, id: string, graceSeconds = 10): Promise<void> {
  await dockerFor(host).getContainer(id).restart({ t: graceSeconds });
}

export async function stopAndRemoveContainer(host: HostRef, id: string, graceSeconds = 30): Promise<void> {
  const container = dockerFor(host).getContainer(id);
  // 304: already stopped; 409: another caller (a deploy draining it, an app deletion) is removing it
  await ignoreMissing(container.stop({ t: graceSeconds }), 304, 409);
  await ignoreMissing(container.remove({ force: true, v: true }), 409);
}

export async function inspectContainer(host: HostRef, id: string): Promise<ContainerDetails> {
  return dockerFor(host).getContainer(id).inspect();
}

export async function listBerthContainers(host: HostRef, filters: Record<string, string> = {}): Promise<ListedContainer[]> {
  const label = Object.entries(berthLabels(filters)).map(([k, v]) => `${k}=${v}`);
  return dockerFor(host).listContainers({ all: true, filters: { label } });
}

export async function containerWrittenBytes(host: HostRef, id: string): Promise<number> {
  const info = (await (dockerFor(host).getContainer(id).inspect({ size: true } as never) as unknown as Promise<{ SizeRw?: number }>));
  return info.SizeRw ?? 0;
}
