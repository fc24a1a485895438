// Makes an app's containers match a release and the formation, with no failed request: new
// containers start and pass their health check before the router sends them traffic; the ones
// they replace leave the router first, then stop. Deploys, scales, size changes and restarts
// are all rollouts. The caller holds the app's deploy lock.
import { db } from "../db.ts";
import type { BuildLog } from "../builds/build-log.ts";
import { runtimeFor } from "../docker/container-runtime.ts";
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { scheduler } from "../scheduler/index.ts";
import { prevalidateSwitch, routerServer, syncRouter } from "../router/sync-router.ts";
import { exitReason, startAppContainer, stopContainers, type RunnableRelease, type StartedContainer } from "./app-containers.ts";
import type { ChecksFile } from "./checks-file.ts";
import { waitUntilHealthy } from "./health-check.ts";
import { isNoop, planRollout, type RolloutPlan } from "./plan-rollout.ts";
import type { Container } from "../generated/prisma/client.ts";

// Containers start a few at a time: all at once would make a scale to 10 thrash two cores.
const START_CONCURRENCY = 4;

export class RolloutFailed extends Error {}

export interface Rollout {
  plan: RolloutPlan<Container>;
  /** Stops the replaced containers (already out of the router). Slow: SIGTERM and a grace period. */
  drain: () => Promise<void>;
}

export interface RolloutOptions {
  run: RunnableRelease;
  /** The app's setting: a path (2xx/3xx), or null for the default (any answer below 500, or the build's CHECKS). */
  healthcheck: { path: string | null; timeoutSeconds: number };
  log: BuildLog;
  replace?: ReadonlySet<string>;
}

export async function rollout(opts: RolloutOptions): Promise<Rollout> {
  const { run, log } = opts;
  const formation = (await db.formation.findMany({ where: { appId: run.app.id } })).filter((f) => f.type in run.processTypes && f.type !== "release");
  const containers = await db.container.findMany({ where: { appId: run.app.id } });
  const plan = planRollout({ releaseId: run.release.id, formation, containers, replace: opts.replace });
  if (isNoop(plan)) return { plan, drain: async () => undefined };

  const started: StartedContainer[] = [];
  const checksFile = await readBuildChecks(run.release.id);
  // Placed before anything starts: a formation that fits on no host is refused whole.
  const leaving = new Set(plan.stop.map((c) => c.id));
  const hosts = await scheduler()
    .placeContainers({
      appId: run.app.id,
      slots: plan.start.map((s) => ({ type: s.type, size: s.size, label: `${s.type}.${s.index}` })),
      staying: containers.filter((c) => !leaving.has(c.id)),
    })
    .catch((err: Error) => {
      // No room (hosts drained or down since the formation was accepted): nothing started, what serves stays.
      throw err instanceof BerthError ? new RolloutFailed(err.message) : err;
    });
  try {
    await inBatches(plan.start.map((slot, i) => ({ slot, host: hosts[i]! })), START_CONCURRENCY, async ({ slot, host }) => {
      log.line(`-----> Starting ${slot.type}.${slot.index} (${slot.size})`);
      started.push(await startAppContainer(host, run, slot));
    });
    const newWeb = await db.container.findMany({ where: { id: { in: started.filter((c) => c.type === "web").map((c) => c.rowId) } } });
    const change = { app: run.app.name, add: newWeb.map(routerServer), remove: plan.stop.filter((c) => c.type === "web").map(routerServer) };
    // The checks decide; the pre-validation only saves time and never fails the rollout (a web
    // container that exited has no address: its exit is the reason, reported by its check).
    await Promise.all([
      prevalidateSwitch(change),
      ...started.map((c) => (c.type === "web" ? checkWeb(c, { ...opts.healthcheck, checksFile }) : stillRunning(c))),
    ]);
    await db.$transaction([
      db.container.updateMany({ where: { id: { in: started.map((c) => c.rowId) } }, data: { state: "up" } }),
      db.container.updateMany({ where: { id: { in: plan.stop.map((c) => c.id) } }, data: { state: "draining" } }),
    ]);
    // Returns once the router host has applied it: the replaced containers are out of the router.
    await syncRouter();
  } catch (err) {
    const reason = (err as Error).message;
    for (const c of started) {
      const tail = await runtimeFor(c.host).logsTail(c.dockerId, 20).catch(() => "");
      if (tail) for (const line of tail.trimEnd().split("\n")) log.line(`       ${c.type}.${c.index}: ${line}`);
    }
    await Promise.all(started.map((c) => runtimeFor(c.host).stopAndRemove(c.dockerId, 0).catch(() => undefined)));
    await db.container.deleteMany({ where: { id: { in: started.map((c) => c.rowId) } } });
    throw new RolloutFailed(reason);
  }
  return { plan, drain: () => stopContainers(plan.stop) };
}

async function checkWeb(c: StartedContainer, healthcheck: RolloutOptions["healthcheck"] & { checksFile: ChecksFile | null }): Promise<void> {
  const timeoutMs = Math.min(healthcheck.timeoutSeconds * 1000, settings.healthcheckTimeoutCapMs);
  const isGone = async () => {
    const reason = await exitReason(c.host, c.dockerId);
    return reason && `${reason} before answering its health check`;
  };
  await waitUntilHealthy({ address: c.address, port: c.port, path: healthcheck.path, checksFile: healthcheck.checksFile, timeoutMs, isGone }).catch((err: Error) => {
    throw new Error(`${c.type}.${c.index}: ${err.message}`);
  });
}

/** What the release's build found in its source's CHECKS file (stored as JSON by the build). */
async function readBuildChecks(releaseId: string): Promise<ChecksFile | null> {
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { build: { select: { checks: true } } } });
  return release?.build?.checks ? (JSON.parse(release.build.checks) as ChecksFile) : null;
}

/** A non-web process has no check to pass, but one that exits at once is not up either. */
async function stillRunning(c: StartedContainer): Promise<void> {
  await new Promise((r) => setTimeout(r, 500));
  const reason = await exitReason(c.host, c.dockerId);
  if (reason) throw new Error(`${c.type}.${c.index}: ${reason}`);
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(size, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
        await fn(item).catch((err) => {
          errors.push(err);
          queue.length = 0;
        });
      }
    }),
  );
  if (errors.length) throw errors[0];
}
