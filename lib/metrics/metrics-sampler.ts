// Samples every app's metrics on a fixed clock (every 10 s by default, aligned to the minute):
// processes from Docker, requests from the router's access log (tallied by the log collector as
// lines arrive). Each minute's samples are folded into one downsampled sample for the 24-hour view.
// Why the access log rather than the counters of HAProxy's `show stat`: every deploy reloads the
// router, and the new worker's counters start again from zero while the old one drains, so
// deltas between samples are wrong around every deploy; and the counters give averages, not
// percentiles. Each logged request carries its status and total time, which give both exactly.
import { settings } from "../env.ts";
import { startAlignedTicker, type Ticker } from "./aligned-ticker.ts";
import { storeSamples, type MetricsSample, type ProcessMetrics } from "./metrics-store.ts";
import { ProcessSampler } from "./process-sampler.ts";
import { RequestWindow, type RequestTally } from "./request-window.ts";

interface MinuteFold {
  samples: number;
  router: RequestWindow;
  processes: Map<string, ProcessMetrics & { cpuSum: number; cpuCount: number; memorySum: number; memoryCount: number }>;
}

export function routerMetrics(window: RequestWindow, seconds: number) {
  return {
    requests: window.count,
    ratePerSecond: Math.round((window.count / seconds) * 100) / 100,
    status: { ...window.status },
    p50Ms: window.quantile(0.5),
    p95Ms: window.quantile(0.95),
  };
}

export function startMetricsSampler(tally: RequestTally, intervalMs = settings.metricsIntervalMs): Ticker {
  const processes = new ProcessSampler();
  let minute = Math.floor(Date.now() / 60_000);
  let folds = new Map<string, MinuteFold>();
  let lastAt = Date.now();

  const sampleOnce = async () => {
    const now = Date.now();
    const seconds = Math.max(1, (now - lastAt) / 1000);
    lastAt = now;
    const requests = tally.take();
    const byApp = await processes.sample();
    const samples = new Map<string, MetricsSample>();
    for (const appId of new Set([...byApp.keys(), ...requests.keys()])) {
      const window = requests.get(appId) ?? new RequestWindow();
      samples.set(appId, { time: new Date(now).toISOString(), processes: byApp.get(appId) ?? [], router: routerMetrics(window, seconds) });
      fold(folds, appId, window, byApp.get(appId) ?? []);
    }
    // A sample covers the interval before it, so the one at hh:mm:00 closes the previous minute.
    const thisMinute = Math.floor(now / 60_000);
    if (thisMinute !== minute) {
      await storeSamples("1m", downsample(folds, minute));
      folds = new Map();
      minute = thisMinute;
    }
    await storeSamples("10s", samples);
  };

  return startAlignedTicker("metrics: sampling", intervalMs, 0, sampleOnce);
}

function fold(folds: Map<string, MinuteFold>, appId: string, window: RequestWindow, processes: ProcessMetrics[]) {
  let f = folds.get(appId);
  if (!f) folds.set(appId, (f = { samples: 0, router: new RequestWindow(), processes: new Map() }));
  f.samples++;
  f.router.merge(window);
  for (const p of processes) {
    const acc = f.processes.get(p.name) ?? { ...p, cpuSum: 0, cpuCount: 0, memorySum: 0, memoryCount: 0, memoryMaxBytes: 0 };
    if (p.cpuPercent !== null) {
      acc.cpuSum += p.cpuPercent;
      acc.cpuCount++;
    }
    if (p.memoryBytes) {
      acc.memorySum += p.memoryBytes;
      acc.memoryCount++;
    }
    acc.memoryMaxBytes = Math.max(acc.memoryMaxBytes, p.memoryBytes);
    acc.state = p.state;
    acc.restarts = p.restarts;
    acc.memoryLimitBytes = p.memoryLimitBytes || acc.memoryLimitBytes;
    f.processes.set(p.name, acc);
  }
}

function downsample(folds: Map<string, MinuteFold>, minute: number): Map<string, MetricsSample> {
  const out = new Map<string, MetricsSample>();
  for (const [appId, f] of folds) {
    out.set(appId, {
      time: new Date(minute * 60_000).toISOString(),
      processes: [...f.processes.values()].map(({ cpuSum, cpuCount, memorySum, memoryCount, ...p }) => ({
        ...p,
        cpuPercent: cpuCount ? Math.round((cpuSum / cpuCount) * 100) / 100 : null,
        memoryBytes: memoryCount ? Math.round(memorySum / memoryCount) : 0,
      })),
      router: routerMetrics(f.router, 60),
    });
  }
  return out;
}
