// The reconciler: compares what the database wants with the containers Docker has (by label) and
// converges. Crashed containers come back (at once, then with backoff), containers whose address
// changed (dockerd restarted) are re-routed, containers nobody wants are removed, and an app whose
// containers drifted from its formation gets a converge job. Docker events make it react at once;
// a sweep every few seconds is the safety net for missed events and a dockerd that went away.
import { db } from "../db.ts";
import type { Container } from "../generated/prisma/client.ts";
import { appObjectName, LABEL } from "../docker/labels.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { exitReason, stopContainers, WEB_PORT } from "../deploy/app-containers.ts";
import { waitUntilHealthy } from "../deploy/health-check.ts";
import { isNoop, planRollout } from "../deploy/plan-rollout.ts";
import { settings } from "../env.ts";
import { scheduler, type SchedulerHost } from "../scheduler/index.ts";
import { recordEvent } from "../logs/record-event.ts";
import { enqueueConverge } from "../queue/queues.ts";
import { currentRelease } from "../releases/create-release.ts";
import { syncRouter } from "../router/sync-router.ts";
import { ONE_OFF_TIMEOUT_MS } from "../processes/one-off.ts";
import { nextCrash } from "./backoff.ts";
import { removeAbandoned, removeOrphans } from "./remove-strays.ts";

const SWEEP_MS = Number(process.env.BERTH_RECONCILE_INTERVAL ?? 5) * 1000;
/** How long a build and a one-off container may run (by berth.kind): past it, nobody will remove one. */
const timeLimits = () => ({ build: settings.buildTimeoutMs, run: ONE_OFF_TIMEOUT_MS });
// Longer than a drain: its pause, then SIGTERM and the 30 s grace period.
const DRAIN_ABANDONED_MS = 45_000;

export interface Reconciler {
  stop: () => Promise<void>;
  /** One full pass now (tests and startup). */
  sweep: () => Promise<void>;
}

export function startReconciler(): Reconciler {
  let stopped = false;
  // One event stream per host, started as hosts appear (a node that joins the swarm).
  const followed = new Map<string, NodeJS.ReadableStream | undefined>();
  const restarting = new Set<string>();
  let sweeping: Promise<void> | undefined;

  const sweep = () =>
    (sweeping ??= (async () => {
      const hosts = await scheduler().hosts();
      for (const host of hosts) if (!followed.has(host.id)) void follow(host);
      await sweepOnce(hosts, restarting);
    })().finally(() => (sweeping = undefined)));
  const timer = setInterval(() => void sweep().catch((err) => console.error("reconciler sweep failed:", (err as Error).message)), SWEEP_MS);

  const follow = async (host: SchedulerHost) => {
    followed.set(host.id, undefined);
    while (!stopped) {
      let events: NodeJS.ReadableStream | undefined;
      try {
        events = await runtimeFor(host).events();
        followed.set(host.id, events);
        let buffer = "";
        events.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("utf8");
          let newline;
          while ((newline = buffer.indexOf("\n")) !== -1) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.trim()) void onEvent(host, JSON.parse(line) as DockerEvent, restarting).catch((err) => console.error("reconciler event failed:", (err as Error).message));
          }
        });
        await new Promise<void>((resolve) => {
          events!.on("end", resolve);
          events!.on("error", () => resolve());
          events!.on("close", () => resolve());
        });
      } catch {
        // dockerd is away; the sweep notices when it is back
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 1000));
      // Whatever happened while the stream was down (a dockerd restart) is picked up at once.
      if (!stopped) void sweep().catch(() => undefined);
    }
  };
  void sweep().catch((err) => console.error("reconciler sweep failed:", (err as Error).message));

  return {
    sweep,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      for (const events of followed.values()) (events as unknown as { destroy?: () => void } | undefined)?.destroy?.();
      await sweeping?.catch(() => undefined);
    },
  };
}

interface DockerEvent {
  status?: string;
  Action?: string;
  id?: string;
  Actor?: { Attributes?: Record<string, string> };
}

async function onEvent(host: HostRef, event: DockerEvent, restarting: Set<string>): Promise<void> {
  if ((event.Action ?? event.status) !== "die") return;
  const rowId = event.Actor?.Attributes?.[LABEL.container];
  if (!rowId) return;
  const row = await db.container.findUnique({ where: { id: rowId } });
  if (!row || row.state !== "up" || restarting.has(row.id)) return;
  await recordCrash(host, row, Number(event.Actor?.Attributes?.exitCode ?? -1), restarting);
}

/** Marks a container crashed (out of the router), and restarts it now or schedules it. */
async function recordCrash(host: HostRef, row: Container, exitCode: number, restarting: Set<string>): Promise<void> {
  const now = new Date();
  const { crashStreak, delayMs } = nextCrash(row, now);
  // Only a container still `up` crashes: a rollout may have just set it draining on purpose.
  const marked = await db.container.updateMany({
    where: { id: row.id, state: "up" },
    data: { state: "crashed", exitCode, crashStreak, nextRestartAt: new Date(now.getTime() + delayMs) },
  });
  if (marked.count === 0) return;
  const app = await db.app.findUnique({ where: { id: row.appId }, select: { name: true } });
  console.log(`[${app?.name}] ${row.type}.${row.index} crashed (exit ${exitCode}); restart ${delayMs ? `in ${delayMs / 1000} s` : "now"}`);
  await recordEvent(row.appId, `${row.type}.${row.index} crashed (exit code ${exitCode}); restarting ${delayMs ? `in ${delayMs / 1000} s` : "now"}`, `${row.type}.${row.index}`);
  if (row.type === "web") await syncRouter();
  if (delayMs === 0) await restartCrashed(host, row.id, restarting);
  // On time rather than at the next sweep; the sweep still catches it if this process dies.
  else setTimeout(() => void restartCrashed(host, row.id, restarting).catch(() => undefined), delayMs).unref();
}

/** Starts a crashed container again; a web one takes traffic once it answers its check. */
async function restartCrashed(host: HostRef, rowId: string, restarting: Set<string>): Promise<void> {
  if (restarting.has(rowId)) return;
  restarting.add(rowId);
  try {
    const row = await db.container.findUnique({ where: { id: rowId }, include: { app: true } });
    if (!row || row.state !== "crashed" || !row.dockerId) return;
    const network = appObjectName(row.appId);
    let running;
    try {
      running = await runtimeFor(host).restart(row.dockerId, network);
    } catch (err) {
      // No answer from the engine (it is restarting): the next sweep tries again.
      if ((err as { statusCode?: number }).statusCode === undefined) throw err;
      // The engine answered that it cannot start this container — e.g. "task … already exists",
      // left by a restart that raced dockerd's own shutdown: a new container takes its place.
      console.log(`[${row.app.name}] ${row.type}.${row.index} cannot be started again (${(err as Error).message.slice(0, 200)}); replacing it`);
      await runtimeFor(host).stopAndRemove(row.dockerId, 0).catch(() => undefined);
      await db.container.deleteMany({ where: { id: row.id, state: "crashed" } });
      await enqueueConverge({ appId: row.appId, reason: `${row.type}.${row.index} could not be started again` }, { dedupe: true });
      return;
    }
    const started = await db.container.updateMany({
      where: { id: row.id, state: "crashed" },
      data: { restarts: { increment: 1 }, startedAt: new Date(), nextRestartAt: null, address: running.address, port: running.port ?? WEB_PORT },
    });
    if (started.count === 0) return;
    await recordEvent(row.appId, `${row.type}.${row.index} restarted (restart ${row.restarts + 1})`, `${row.type}.${row.index}`);
    if (row.type === "web") {
      const timeoutMs = Math.min(row.app.healthcheckTimeout * 1000, settings.healthcheckTimeoutCapMs);
      const healthy = await waitUntilHealthy({ address: running.address, port: running.port ?? WEB_PORT, path: row.app.healthcheckPath, timeoutMs, isGone: () => exitReason(host, row.dockerId!) })
        .then(() => true)
        .catch(() => false);
      if (!healthy) {
        // Counts as another crash: stopped, and tried again after the next backoff.
        const again = await db.container.findUnique({ where: { id: row.id } });
        if (!again || again.state !== "crashed") return;
        const { crashStreak, delayMs } = nextCrash(again, new Date());
        await db.container.update({ where: { id: row.id }, data: { crashStreak, nextRestartAt: new Date(Date.now() + delayMs) } });
        await runtimeFor(host).stop(row.dockerId);
        return;
      }
    }
    const up = await db.container.updateMany({ where: { id: row.id, state: "crashed" }, data: { state: "up" } });
    if (up.count && row.type === "web") await syncRouter();
  } finally {
    restarting.delete(rowId);
  }
}

async function sweepOnce(hosts: SchedulerHost[], restarting: Set<string>): Promise<void> {
  let routerStale = false;
  for (const host of hosts) {
    if (host.state === "down") routerStale = (await forgetLostHost(host)) || routerStale;
    else routerStale = (await sweepHost(host, restarting).catch((err) => console.error(`reconciler sweep of ${host.name} failed:`, (err as Error).message))) || routerStale;
    if (host.state === "draining") await moveOffDrainingHost(host);
  }
  const builds = await scheduler().buildHost();
  if (!hosts.some((h) => h.id === builds.id)) await removeAbandoned(runtimeFor(builds), timeLimits());
  if (routerStale) await syncRouter();
  await convergeDriftedApps();
}

/**
 * A host that is down: its containers are forgotten (out of the router at once), and the drift
 * check starts their replacements on the hosts that are up. When it comes back, what it still
 * runs has no row, and its sweep removes it: nothing runs twice.
 */
async function forgetLostHost(host: SchedulerHost): Promise<boolean> {
  const lost = await db.container.findMany({ where: { hostId: host.id, state: { in: ["starting", "up", "crashed", "draining"] } }, select: { id: true, type: true } });
  if (lost.length === 0) return false;
  console.log(`host ${host.name} is down: replacing its ${lost.length} container(s) elsewhere`);
  await db.container.deleteMany({ where: { id: { in: lost.map((c) => c.id) } } });
  return lost.some((c) => c.type === "web");
}

/**
 * A draining host's containers are replaced elsewhere by a rollout of their app: the new ones
 * start and pass their checks on other hosts before these leave the router, so nothing drops.
 */
async function moveOffDrainingHost(host: SchedulerHost): Promise<void> {
  const staying = await db.container.findMany({ where: { hostId: host.id, state: { in: ["up", "crashed"] } }, select: { id: true, appId: true } });
  const byApp = new Map<string, string[]>();
  for (const c of staying) byApp.set(c.appId, [...(byApp.get(c.appId) ?? []), c.id]);
  for (const [appId, replace] of byApp) await enqueueConverge({ appId, replace, reason: `host ${host.name} is draining: moving its processes` }, { dedupe: true });
}

/** One host's containers against their rows; true when the router needs a new config. */
async function sweepHost(host: SchedulerHost, restarting: Set<string>): Promise<boolean> {
  const actual = await runtimeFor(host).list({ [LABEL.kind]: "app" });
  const byRow = new Map(actual.map((c) => [c.Labels[LABEL.container] ?? "", c]));
  const rows = await db.container.findMany({ where: { hostId: host.id, state: { in: ["up", "crashed"] } } });
  let routerStale = false;

  for (const row of rows) {
    if (restarting.has(row.id)) continue;
    const docker = byRow.get(row.id);
    if (!docker) {
      // Gone from Docker (removed by hand, lost with a host): forget it; the drift check replaces it.
      await db.container.deleteMany({ where: { id: row.id, state: row.state } });
      routerStale ||= row.type === "web";
      continue;
    }
    if (row.state === "up" && docker.State !== "running") {
      const info = await runtimeFor(host).inspect(docker.Id).catch(() => null);
      await recordCrash(host, row, info?.State.ExitCode ?? -1, restarting);
      continue;
    }
    if (row.state === "up") {
      // dockerd restarts can hand a container a new address (or published port).
      const published = host.address ? docker.Ports?.find((p) => p.PrivatePort === WEB_PORT && p.PublicPort)?.PublicPort : undefined;
      const address = host.address ? (published ? host.address : undefined) : Object.values(docker.NetworkSettings?.Networks ?? {})[0]?.IPAddress;
      const port = published ?? row.port;
      if (address && (address !== row.address || port !== row.port)) {
        await db.container.update({ where: { id: row.id }, data: { address, port } });
        routerStale ||= row.type === "web";
      }
    }
    if (row.state === "crashed" && (!row.nextRestartAt || row.nextRestartAt.getTime() <= Date.now() - 1000)) {
      void restartCrashed(host, row.id, restarting).catch((err) => console.error(`restart of ${row.id} failed:`, (err as Error).message));
    }
  }

  // Containers no row wants: left by a crash mid-rollout, or by a deleted app.
  const known = new Set((await db.container.findMany({ where: { hostId: host.id }, select: { id: true } })).map((r) => r.id));
  await removeOrphans(runtimeFor(host), actual, known);

  await removeAbandoned(runtimeFor(host), timeLimits());
  await finishAbandonedDrains(host.id);
  return routerStale;
}

/**
 * A rollout drains the containers it replaced after the new release is live; a worker killed
 * in between leaves them running, out of the router, with nobody to stop them.
 */
async function finishAbandonedDrains(hostId: string): Promise<void> {
  const abandoned = await db.container.findMany({ where: { hostId, state: "draining", updatedAt: { lt: new Date(Date.now() - DRAIN_ABANDONED_MS) } } });
  if (abandoned.length === 0) return;
  console.log(`stopping ${abandoned.length} container(s) whose drain was abandoned`);
  await stopContainers(abandoned);
}

/** Apps whose running containers do not match their formation get a converge job (deduplicated). */
async function convergeDriftedApps(): Promise<void> {
  const apps = await db.app.findMany({ where: { deployLock: null }, include: { formation: true, containers: true } });
  for (const app of apps) {
    const release = await currentRelease(app.id);
    if (!release?.buildId) continue;
    const build = await db.build.findUnique({ where: { id: release.buildId }, select: { processTypes: true, image: true } });
    if (!build?.image) continue;
    const types = JSON.parse(build.processTypes) as Record<string, string>;
    const formation = app.formation.filter((f) => f.type in types && f.type !== "release");
    const plan = planRollout({ releaseId: release.id, formation, containers: app.containers });
    if (!isNoop(plan)) await enqueueConverge({ appId: app.id, reason: "the reconciler found drift" }, { dedupe: true });
  }
}
