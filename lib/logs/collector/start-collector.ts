// The log collector and metrics sampler of one Berth instance, as one process: container output,
// the router's access log, build output and drains into and out of each app's log, and metrics
// from Docker and the router. It waits for the collector lease, so a second copy only takes over
// when the first is gone.
import { startDrains } from "../drains/drain-supervisor.ts";
import { startMetricsSampler } from "../../metrics/metrics-sampler.ts";
import { RequestTally } from "../../metrics/request-window.ts";
import { startBuildCopier } from "./build-copier.ts";
import { acquireCollectorLease, type CollectorLease } from "./collector-lock.ts";
import { startContainerLogs } from "./container-logs.ts";
import { pruneDeletedAppLogs } from "./prune-deleted-apps.ts";
import { startRouterLog } from "./router-access-log.ts";

const PRUNE_MS = 60_000;

export interface Collector {
  lease: CollectorLease;
  routerLogTarget: string;
  stop: () => Promise<void>;
}

export async function startCollector(): Promise<Collector> {
  const lease = await acquireCollectorLease();
  const tally = new RequestTally();
  const router = await startRouterLog(tally);
  const parts = [startContainerLogs(lease), startBuildCopier(lease), startDrains(), startMetricsSampler(tally), router];
  const pruner = setInterval(() => void pruneDeletedAppLogs().catch((err) => console.error(`log collector: pruning logs failed: ${(err as Error).message}`)), PRUNE_MS);
  return {
    lease,
    routerLogTarget: router.target,
    stop: async () => {
      clearInterval(pruner);
      await Promise.allSettled(parts.map((p) => p.stop()));
      await lease.release();
    },
  };
}
