// CPU use from Docker's cumulative counters, as `docker stats` computes it.
import type { ContainerStats } from "../docker/container-runtime.ts";

/**
 * CPU % of one core between two readings of the same container. A container's first reading has
 * no earlier one: its average since it started is shown instead (null when that is unknown).
 */
export function cpuPercent(before: ContainerStats | undefined, now: ContainerStats, runningMs?: number): number | null {
  const round = (fraction: number) => Math.round(fraction * 100 * 100) / 100;
  if (!before) return runningMs && runningMs > 0 ? round(now.cpuNs / (runningMs * 1e6)) : null;
  const cpu = now.cpuNs - before.cpuNs;
  const system = now.systemNs - before.systemNs;
  if (system <= 0 || cpu < 0) return null;
  return round((cpu / system) * now.onlineCpus);
}
