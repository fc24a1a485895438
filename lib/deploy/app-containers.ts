// Starting and stopping one app container: the process type's command from a release's image,
// with the release's config, PORT, DYNO, the size's limits and the app's network.
import crypto from "node:crypto";
import { db } from "../db.ts";
import type { ProcessTypes } from "../builds/procfile.ts";
import { openConfig } from "../config/config-vars.ts";
import { appObjectName, berthLabels, LABEL, releaseImageTag } from "../docker/labels.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { isSafeRunAs } from "../builds/image-user.ts";
import { resolveImageRunAs } from "../builds/image-run-as.ts";
import { hostById, scheduler } from "../scheduler/index.ts";
import type { Slot } from "./plan-rollout.ts";
import { sizeOf } from "./sizes.ts";

export const WEB_PORT = 5000;
const STOP_GRACE_SECONDS = 30;
// In-flight requests that HAProxy's old workers still proxy finish before their container stops.
const DRAIN_MS = 1000;

/** What a release runs: everything a container of it needs, read once per rollout. */
export interface RunnableRelease {
  app: { id: string; name: string };
  release: { id: string; version: number };
  image: string;
  builder: string;
  /** The build's numeric uid:gid; null for builds made before Berth recorded it. */
  runAs: string | null;
  processTypes: ProcessTypes;
  env: Record<string, string>;
}

export function runnableRelease(release: {
  id: string;
  version: number;
  app: { id: string; name: string };
  build: { builder: string | null; processTypes: string; image: string | null; runAs: string | null } | null;
  config: { values: string };
}): RunnableRelease {
  return {
    app: { id: release.app.id, name: release.app.name },
    release: { id: release.id, version: release.version },
    // The build's own image: the release's v<N> tag is a name for people and FROM lines.
    image: release.build?.image ?? releaseImageTag(release.app.id, release.version),
    builder: release.build?.builder ?? "",
    runAs: release.build?.runAs ?? null,
    processTypes: JSON.parse(release.build?.processTypes ?? "{}") as ProcessTypes,
    env: { ...openConfig(release.config.values), PORT: String(WEB_PORT) },
  };
}

/**
 * How a command runs: buildpack images through berth-run (bash -c after .profile.d); Dockerfile
 * images keep their own CMD unless the Procfile names a command.
 */
export function commandFor(run: RunnableRelease, command: string): { cmd?: string[]; entrypoint?: string[] } {
  if (command === "") return {};
  return run.builder === "buildpack" ? { cmd: [command] } : { entrypoint: ["/bin/sh", "-c"], cmd: [command] };
}

/** The numeric user a release's containers run as: never root, whatever the image says. */
export async function runAsUser(run: RunnableRelease): Promise<string> {
  if (isSafeRunAs(run.runAs)) return run.runAs;
  // Builds from before Berth recorded it: resolved as a build resolves it now, where it was built.
  const host = await scheduler().buildHost();
  const { user } = await runtimeFor(host).imageConfig(run.image);
  const resolved = await resolveImageRunAs(host, run.image, user);
  if ("problem" in resolved) throw new Error(resolved.problem);
  return resolved.runAs;
}

export interface StartedContainer {
  host: HostRef;
  rowId: string;
  dockerId: string;
  type: string;
  index: number;
  address: string;
  port: number;
}

export async function startAppContainer(host: HostRef, run: RunnableRelease, slot: Slot): Promise<StartedContainer> {
  const size = sizeOf(slot.size);
  const row = await db.container.create({
    data: { appId: run.app.id, releaseId: run.release.id, hostId: host.id, type: slot.type, index: slot.index, size: slot.size, port: WEB_PORT },
  });
  const [image, user] = await Promise.all([scheduler().imageOn(host, run.image), runAsUser(run)]);
  const running = await runtimeFor(host).run({
    name: appObjectName(run.app.id, slot.type, slot.index, `v${run.release.version}`, crypto.randomBytes(3).toString("hex")),
    image,
    ...commandFor(run, run.processTypes[slot.type] ?? ""),
    env: { ...run.env, DYNO: `${slot.type}.${slot.index}` },
    labels: berthLabels({
      [LABEL.app]: run.app.name,
      [LABEL.release]: run.release.version,
      [LABEL.process]: slot.type,
      [LABEL.index]: slot.index,
      [LABEL.kind]: "app",
      [LABEL.container]: row.id,
    }),
    network: appObjectName(run.app.id),
    user,
    memoryBytes: size.memoryBytes,
    cpuShares: size.cpuShares,
    pidsLimit: size.pidsLimit,
    dropCapabilities: true,
    // The reconciler restarts crashed containers itself, with backoff and a visible count.
    restart: "no",
    // On several hosts the router reaches web containers at a port published on their host.
    publish: slot.type === "web" && scheduler().publishesPorts ? WEB_PORT : undefined,
  });
  const port = running.port ?? WEB_PORT;
  await db.container.update({ where: { id: row.id }, data: { dockerId: running.id, address: running.address, port, startedAt: new Date() } });
  return { host, rowId: row.id, dockerId: running.id, type: slot.type, index: slot.index, address: running.address, port };
}

/** Why a container is not running (null while it is), for checks that wait on it: "the process exited with code 127". */
export async function exitReason(host: HostRef, dockerId: string): Promise<string | null> {
  const info = await runtimeFor(host).inspect(dockerId);
  if (info.State.Running && !info.State.Restarting) return null;
  // Killed for its memory: the exit code alone (137) would read as a plain SIGKILL.
  const oom = info.State.OOMKilled ? " (killed for using more memory than its size allows)" : "";
  return `the process exited with code ${info.State.ExitCode}${oom}`;
}

/** Containers already out of the router: let in-flight requests finish, then SIGTERM, grace, SIGKILL. */
export async function stopContainers(containers: Array<{ id: string; hostId: string; dockerId: string | null }>): Promise<void> {
  if (containers.length === 0) return;
  await new Promise((r) => setTimeout(r, DRAIN_MS));
  await Promise.all(
    containers.map(async (c) => {
      const host = await hostById(c.hostId);
      // A row without a Docker id was cut off between creating the container and recording it.
      const ids = c.dockerId ? [c.dockerId] : (await runtimeFor(host).list({ [LABEL.container]: c.id })).map((d) => d.Id);
      await Promise.all(ids.map((id) => runtimeFor(host).stopAndRemove(id, STOP_GRACE_SECONDS)));
      await db.container.delete({ where: { id: c.id } }).catch(() => undefined);
    }),
  );
}
