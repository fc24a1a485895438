// What a Docker engine tells about containers as they run: events, logs and stats.
import type { ContainerStats, HostRef } from "../container-runtime.ts";
import { dockerFor } from "../engine-client.ts";
import { berthLabels } from "../labels.ts";
import { demuxToText } from "../log-frames.ts";

export async function containerEvents(host: HostRef): Promise<NodeJS.ReadableStream> {
  return (await dockerFor(host).getEvents({
    filters: { type: ["container"], label: Object.entries(berthLabels()).map(([k, v]) => `${k}=${v}`) },
  })) as NodeJS.ReadableStream;
}

export async function containerLogsTail(host: HostRef, id: string, lines = 30): Promise<string> {
  const buf = (await dockerFor(host).getContainer(id).logs({ stdout: true, stderr: true, tail: lines })) as unknown as Buffer;
  return demuxToText(buf);
}

export async function followContainerLogs(host: HostRef, id: string, opts: { since?: string; tail?: number; signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
  const container = dockerFor(host).getContainer(id);
  const from = { since: opts.since ?? 0, tail: opts.tail ?? "all" };
  return container.logs({ follow: true, stdout: true, stderr: true, timestamps: true, ...from, abortSignal: opts.signal } as never) as unknown as Promise<NodeJS.ReadableStream>;
}

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

interface RawStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}
