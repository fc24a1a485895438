// Per-container CPU and memory from Docker's stats, and restarts from Berth's own count (the
// reconciler restarts crashed containers itself, so Docker's restart count stays 0). CPU is the
// average over the time between two samples, from the engine's cumulative counters.
import { db } from "../db.ts";
import { runtimeFor, type ContainerStats } from "../docker/container-runtime.ts";
import { cpuPercent } from "./cpu-percent.ts";
import type { ProcessMetrics } from "./metrics-store.ts";

const STATS_TIMEOUT_MS = 5000;
const PARALLEL = 8;

export class ProcessSampler {
  private previous = new Map<string, ContainerStats>();

  /** Every app's processes now: app id → metrics per process. */
  async sample(): Promise<Map<string, ProcessMetrics[]>> {
    const rows = await db.container.findMany({
      where: { state: { in: ["starting", "up", "crashed"] }, dockerId: { not: null } },
      include: { host: true },
      orderBy: [{ type: "asc" }, { index: "asc" }],
    });
    const byApp = new Map<string, ProcessMetrics[]>();
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; i += PARALLEL) {
      await Promise.all(
        rows.slice(i, i + PARALLEL).map(async (row: (typeof rows)[number]) => {
          const dockerId = row.dockerId!;
          seen.add(dockerId);
          const host = { id: row.host.id, endpoint: row.host.endpoint };
          // A crashed (stopped) container has no stats worth asking for.
          const stats = row.state === "crashed" ? null : await runtimeFor(host).stats(dockerId, AbortSignal.timeout(STATS_TIMEOUT_MS)).catch(() => null);
          const metrics: ProcessMetrics = {
            name: `${row.type}.${row.index}`,
            state: row.state,
            cpuPercent: stats ? cpuPercent(this.previous.get(dockerId), stats, row.startedAt ? Date.now() - row.startedAt.getTime() : undefined) : null,
            memoryBytes: stats?.memoryBytes ?? 0,
            memoryMaxBytes: stats?.memoryBytes ?? 0,
            memoryLimitBytes: stats?.memoryLimitBytes ?? 0,
            restarts: row.restarts,
          };
          if (stats) this.previous.set(dockerId, stats);
          byApp.set(row.appId, [...(byApp.get(row.appId) ?? []), metrics]);
        }),
      );
    }
    for (const id of this.previous.keys()) if (!seen.has(id)) this.previous.delete(id);
    for (const list of byApp.values()) list.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
    return byApp;
  }
}
