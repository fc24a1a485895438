// The run stage: start the release's containers, wait until its web containers answer, switch the
// router to them, then drain and stop the previous ones. A failure leaves what serves untouched.
import crypto from "node:crypto";
import { db } from "../db.ts";
import { releaseDeployLock } from "../apps/deploy-lock.ts";
import { appUrl } from "../apps/apps.ts";
import { buildLogWriter, endBuildLog, type BuildLog } from "../builds/build-log.ts";
import type { ProcessTypes } from "../builds/procfile.ts";
import { openConfig } from "../config/config-vars.ts";
import { berthLabels, LABEL, objectName, releaseImageRepo } from "../docker/labels.ts";
import { ensureNetwork, inspectContainer, containerLogsTail, runContainer, stopAndRemoveContainer, tagImage, type HostRef } from "../docker/runtime.ts";
import { hostById, localHost } from "../hosts.ts";
import { prevalidateSwitch, routerServer, syncRouter, type ServerSwitch } from "../router/sync-router.ts";
import { waitUntilHealthy } from "./health-check.ts";
import { sizeOf } from "./sizes.ts";

export const WEB_PORT = 5000;
const HEALTH_TIMEOUT_MS = Number(process.env.BERTH_HEALTHCHECK_TIMEOUT ?? 60) * 1000;
const STOP_GRACE_SECONDS = 30;
// In-flight requests that HAProxy's old workers still proxy finish before their container stops.
const DRAIN_MS = 1000;

const silentLog: BuildLog = { line: () => undefined, flush: async () => undefined };

export async function deployRelease(releaseId: string, buildLogId?: string): Promise<void> {
  const log = buildLogId ? buildLogWriter(buildLogId) : silentLog;
  const release = await db.release.findUnique({ where: { id: releaseId }, include: { app: { include: { formation: true } }, build: true, config: true } });
  if (!release) return; // deleted with its app
  let outcome = "failed";
  let finished = false;
  // Ends the push's output and frees the app for the next deploy. Runs once the release is live
  // (old containers, already out of the router, then stop on their own time) or has failed.
  const finish = async () => {
    if (finished) return;
    finished = true;
    await log.flush();
    if (buildLogId) await endBuildLog(buildLogId, outcome);
    await releaseDeployLock(release.appId, buildLogId ?? releaseId);
  };
  try {
    if (release.status === "succeeded" || release.status === "failed") return; // a retried job
    if (!release.build?.image) {
      await db.release.update({ where: { id: releaseId }, data: { status: "succeeded", finishedAt: new Date() } });
      outcome = "succeeded";
      return;
    }
    await db.release.update({ where: { id: releaseId }, data: { status: "deploying" } });
    const host = await localHost();
    const app = release.app;
    const image = releaseImageRepo(app.name);
    await tagImage(host, release.build.image, image, `v${release.version}`);
    const network = objectName(app.name);
    await ensureNetwork(host, network, { [LABEL.app]: app.name, [LABEL.kind]: "network" });

    const processTypes = JSON.parse(release.build.processTypes) as ProcessTypes;
    const wanted = release.app.formation.filter((f) => f.quantity > 0 && f.type in processTypes);
    const env = { ...openConfig(release.config.values), PORT: String(WEB_PORT) };
    const started: Array<{ rowId: string; dockerId: string; type: string; address: string }> = [];
    let switchPlan: ServerSwitch | undefined;
    try {
      for (const f of wanted) {
        for (let index = 1; index <= f.quantity; index++) {
          log.line(`-----> Starting ${f.type}.${index} (${f.size})`);
          started.push(await startContainer({ host, app, release, image: `${image}:v${release.version}`, network, type: f.type, index, size: f.size, command: processTypes[f.type]!, env, builder: release.build.builder ?? "" }));
        }
      }
      const webRows = await db.container.findMany({ where: { id: { in: started.map((c) => c.rowId) }, type: "web" } });
      const current = await db.container.findMany({ where: { appId: app.id, releaseId: { not: releaseId }, type: "web", state: { in: ["starting", "up"] } } });
      switchPlan = { app: app.name, add: webRows.map(routerServer), remove: current.map(routerServer) };
      await Promise.all([
        prevalidateSwitch(switchPlan),
        ...started.filter((c) => c.type === "web").map((c) =>
          waitUntilHealthy({ address: c.address, port: WEB_PORT, path: "/", timeoutMs: HEALTH_TIMEOUT_MS, isGone: () => exitReason(host, c.dockerId) }),
        ),
      ]);
    } catch (err) {
      const reason = (err as Error).message;
      log.line(` !     Deploy of v${release.version} failed: ${reason}`);
      for (const c of started) {
        const tail = await containerLogsTail(host, c.dockerId, 20).catch(() => "");
        if (tail) for (const line of tail.trimEnd().split("\n")) log.line(`       ${c.type}: ${line}`);
      }
      await Promise.all(started.map((c) => stopAndRemoveContainer(host, c.dockerId, 0).catch(() => undefined)));
      await db.container.deleteMany({ where: { id: { in: started.map((c) => c.rowId) } } });
      await db.release.update({ where: { id: releaseId }, data: { status: "failed", error: reason, finishedAt: new Date() } });
      log.line(`       v${release.version} is marked failed; the previous release keeps serving`);
      return;
    }

    const old = await db.container.findMany({ where: { appId: app.id, releaseId: { not: releaseId }, state: { in: ["starting", "up"] } } });
    await db.$transaction([
      db.container.updateMany({ where: { id: { in: started.map((c) => c.rowId) } }, data: { state: "up" } }),
      db.container.updateMany({ where: { id: { in: old.map((c) => c.id) } }, data: { state: "draining" } }),
    ]);
    await syncRouter(switchPlan);
    await db.release.update({ where: { id: releaseId }, data: { status: "succeeded", finishedAt: new Date() } });
    outcome = "succeeded";
    log.line(`-----> Released v${release.version}`);
    log.line(`       ${appUrl(app.name)} deployed to Berth`);
    await finish();
    await stopContainers(old);
  } finally {
    await finish();
  }
}

async function startContainer(opts: {
  host: HostRef;
  app: { id: string; name: string };
  release: { id: string; version: number };
  image: string;
  network: string;
  type: string;
  index: number;
  size: string;
  command: string;
  env: Record<string, string>;
  builder: string;
}) {
  const size = sizeOf(opts.size);
  const row = await db.container.create({
    data: { appId: opts.app.id, releaseId: opts.release.id, hostId: opts.host.id, type: opts.type, index: opts.index, port: WEB_PORT },
  });
  // Buildpack images run commands through berth-run (bash -c after .profile.d); Dockerfile images
  // keep their own CMD unless the Procfile names a command.
  const command =
    opts.command === "" ? {} : opts.builder === "buildpack" ? { cmd: [opts.command] } : { entrypoint: ["/bin/sh", "-c"], cmd: [opts.command] };
  const running = await runContainer(opts.host, {
    name: objectName(opts.app.name, opts.type, opts.index, `v${opts.release.version}`, crypto.randomBytes(3).toString("hex")),
    image: opts.image,
    ...command,
    env: { ...opts.env, DYNO: `${opts.type}.${opts.index}` },
    labels: berthLabels({ [LABEL.app]: opts.app.name, [LABEL.release]: opts.release.version, [LABEL.process]: opts.type, [LABEL.index]: opts.index, [LABEL.kind]: "app", "berth.container": row.id }),
    network: opts.network,
    memoryBytes: size.memoryBytes,
    cpuShares: size.cpuShares,
    pidsLimit: size.pidsLimit,
    dropCapabilities: true,
    restart: "unless-stopped",
  });
  await db.container.update({ where: { id: row.id }, data: { dockerId: running.id, address: running.address } });
  return { rowId: row.id, dockerId: running.id, type: opts.type, address: running.address };
}

async function exitReason(host: HostRef, dockerId: string): Promise<string | null> {
  const info = await inspectContainer(host, dockerId);
  if (info.State.Running && !info.State.Restarting) return null;
  return `the web process exited with code ${info.State.ExitCode} before answering`;
}

/** Old containers are already out of the router: let in-flight requests finish, then SIGTERM. */
export async function stopContainers(containers: Array<{ id: string; hostId: string; dockerId: string | null }>): Promise<void> {
  if (containers.length === 0) return;
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  await Promise.all(
    containers.map(async (c) => {
      if (c.dockerId) await stopAndRemoveContainer(await hostById(c.hostId), c.dockerId, STOP_GRACE_SECONDS);
      await db.container.delete({ where: { id: c.id } }).catch(() => undefined);
    }),
  );
}
