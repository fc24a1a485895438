// Metrics samples per app in Redis streams (ids are times): every 10 s for the last hour, and
// downsampled to one a minute for the last 24 hours. Keys expire with the data, so a deleted app's
// metrics go away on their own.
import { redis, redisKey } from "../redis.ts";
import type { StatusClass } from "./request-window.ts";

export const RESOLUTIONS = {
  "10s": { keepMs: 60 * 60_000 },
  "1m": { keepMs: 24 * 60 * 60_000 },
} as const;
export type Resolution = keyof typeof RESOLUTIONS;

export interface ProcessMetrics {
  name: string;
  state: string;
  /** Percent of one CPU core, averaged over the sample; null for the first sample of a container. */
  cpuPercent: number | null;
  memoryBytes: number;
  /** The highest memory in a downsampled minute (equals memoryBytes at 10 s). */
  memoryMaxBytes: number;
  memoryLimitBytes: number;
  restarts: number;
}

export interface RouterMetrics {
  requests: number;
  ratePerSecond: number;
  status: Record<StatusClass, number>;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface MetricsSample {
  time: string;
  processes: ProcessMetrics[];
  router: RouterMetrics;
}

const key = (appId: string, resolution: Resolution) => redisKey("metrics", appId, resolution);

export async function storeSamples(resolution: Resolution, samples: Map<string, MetricsSample>): Promise<void> {
  if (samples.size === 0) return;
  const keep = RESOLUTIONS[resolution].keepMs;
  const pipeline = redis().pipeline();
  for (const [appId, sample] of samples) {
    const at = Date.parse(sample.time);
    pipeline.xadd(key(appId, resolution), "MINID", "~", at - keep, `${at}-*`, "j", JSON.stringify(sample));
    pipeline.pexpire(key(appId, resolution), keep + 60_000);
  }
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
}

export async function readSamples(appId: string, resolution: Resolution, sinceMs: number): Promise<MetricsSample[]> {
  const entries = await redis().xrange(key(appId, resolution), String(Math.max(0, Math.floor(sinceMs))), "+");
  return entries.map(([, fields]) => JSON.parse(fields[1] ?? "{}") as MetricsSample);
}
