// GET …/metrics: an app's samples since a time, at 10 s for the last hour or per minute beyond.
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { settings } from "../env.ts";
import { readSamples, RESOLUTIONS, type MetricsSample, type Resolution } from "./metrics-store.ts";
import { metricsQuery } from "./schemas.ts";

export interface MetricsView {
  app: string;
  since: string;
  resolution: Resolution;
  intervalSeconds: number;
  samples: MetricsSample[];
}

export async function getMetrics(actor: Actor, appName: string, query: Record<string, string>): Promise<MetricsView> {
  const app = await findApp(actor, appName);
  const { since, resolution: asked } = metricsQuery.parse(query);
  const resolution: Resolution = asked ?? (Date.now() - since <= RESOLUTIONS["10s"].keepMs ? "10s" : "1m");
  return {
    app: app.name,
    since: new Date(since).toISOString(),
    resolution,
    intervalSeconds: resolution === "10s" ? settings.metricsIntervalMs / 1000 : 60,
    samples: await readSamples(app.id, resolution, since),
  };
}
