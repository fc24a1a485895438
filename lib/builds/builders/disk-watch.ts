// A build's disk is bounded: overlay2 on ext4 has no per-container quota (Docker's storage-opt
// size needs xfs with project quotas), so the builder container is measured while it runs — its
// writable layer and the cache volume it fills — and stopped when it passes the limit.
import type { ContainerRuntime } from "../../docker/container-runtime.ts";

const INTERVAL_MS = 10_000;

export interface DiskWatch {
  /** Rejects (after stopping the container) once the build wrote more than the limit. */
  exceeded: Promise<never>;
  /** Why the watch stopped the container, once it has: the container's own exit (137) says nothing. */
  reason(): string | null;
  stop(): void;
}

export function watchBuildDisk(runtime: ContainerRuntime, containerId: string, opts: { limitBytes: number; kill: () => Promise<unknown>; intervalMs?: number }): DiskWatch {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let why: string | null = null;
  const exceeded = new Promise<never>((_, reject) => {
    const tick = async () => {
      if (stopped) return;
      const [layer, cache] = await Promise.all([
        runtime.writtenBytes(containerId).catch(() => 0),
        runtime.execCommand(containerId, { cmd: ["du", "-skx", "/cache"], timeoutMs: 30_000 })
          .then((r) => Number(r.stdout.split(/\s/)[0] ?? 0) * 1024)
          .catch(() => 0),
      ]);
      if (stopped) return;
      if (layer + cache > opts.limitBytes) {
        stopped = true;
        const mb = (n: number) => Math.round(n / 1024 / 1024);
        // Known before the kill: the container's exit may be seen before the kill call returns.
        why = `the build wrote ${mb(layer + cache)} MB to disk, over this Berth's limit of ${mb(opts.limitBytes)} MB per build (BERTH_MAX_BUILD_DISK_MB)`;
        await opts.kill().catch(() => undefined);
        reject(new Error(why));
        return;
      }
      timer = setTimeout(() => void tick(), opts.intervalMs ?? INTERVAL_MS);
    };
    timer = setTimeout(() => void tick(), opts.intervalMs ?? INTERVAL_MS);
  });
  // Nobody may be listening when the build ends first.
  exceeded.catch(() => undefined);
  return {
    exceeded,
    reason: () => why,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
