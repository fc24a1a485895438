// Deleting an app removes everything Berth made for it: containers, images, network, build cache,
// stored sources and git repository, its routes, and its rows.
import crypto from "node:crypto";
import fs from "node:fs";
import { db } from "../db.ts";
import { dataPath } from "../env.ts";
import type { Actor } from "../auth/users.ts";
import { appImageRepo, appObjectName, LABEL } from "../docker/labels.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { scheduler } from "../scheduler/index.ts";
import { syncRouter } from "../router/sync-router.ts";
import { findOwnedApp } from "./apps.ts";
import { acquireDeployLock } from "./deploy-lock.ts";
import { repoPath } from "../git/repos.ts";
import { leaveDeletedApp } from "../addons/attachments.ts";

export async function deleteApp(actor: Actor, name: string): Promise<void> {
  // Collaborators deploy and manage an app; only its owner (or an admin) deletes it.
  const app = await findOwnedApp(actor, name);
  // A deploy that is finishing (draining old containers) gets a moment before deletion refuses.
  await acquireDeployLock(app, `delete-${crypto.randomUUID()}`, 30_000);
  // Out of the router first, so no request reaches a container being removed.
  await db.container.updateMany({ where: { appId: app.id }, data: { state: "stopped" } });
  await syncRouter();
  const buildHost = await scheduler().buildHost();
  // Every engine: the build host (build and cache containers) and each host that ran it (one
  // that is down keeps its containers; the reconciler removes them when it is back).
  const engines = uniqueById([buildHost, ...(await scheduler().hosts()).filter((h) => h.state !== "down")]);
  await Promise.all(engines.map((host) => removeAppContainers(host, app.name)));
  await Promise.all(engines.map((host) => removeAppImages(host, app)));
  // The registry's copies too; a registry that does not answer must not keep the app alive.
  await scheduler().forgetApp(app.id).catch((err: Error) => console.error(`deleting ${app.name}: its images stay in the registry: ${err.message}`));
  // Its add-ons live on, detached: they leave its network first (Docker refuses to remove a network in use).
  await leaveDeletedApp(app);
  await scheduler().removeNetwork(appObjectName(app.id));
  await runtimeFor(buildHost).removeVolume(appObjectName(app.id, "cache"));
  fs.rmSync(repoPath(app.name), { recursive: true, force: true });
  fs.rmSync(dataPath("sources", app.name), { recursive: true, force: true });
  for (const build of await db.build.findMany({ where: { appId: app.id }, select: { id: true } })) fs.rmSync(dataPath("builds", `${build.id}.log`), { force: true });
  await db.app.delete({ where: { id: app.id } });
  await syncRouter();
}

async function removeAppContainers(host: HostRef, app: string): Promise<void> {
  const containers = await runtimeFor(host).list({ [LABEL.app]: app });
  await Promise.all(containers.map((c) => runtimeFor(host).stopAndRemove(c.Id, 10)));
  // A container a finishing deploy is already stopping (its grace period) is not ours to remove;
  // its image can only go once it has.
  for (const deadline = Date.now() + 45_000; Date.now() < deadline; ) {
    const left = await runtimeFor(host).list({ [LABEL.app]: app });
    if (left.length === 0) break;
    await Promise.all(left.map((c) => runtimeFor(host).stopAndRemove(c.Id, 10)));
    await new Promise((r) => setTimeout(r, 250));
  }
}

const uniqueById = <T extends { id: string }>(hosts: T[]) => [...new Map(hosts.map((h) => [h.id, h])).values()];

/**
 * Every tag of the app's own repository, and the exact tags its builds and releases had before
 * images were named after the app's id (never a whole repository named after a user's string:
 * that removed berth/stack when an app was named `stack`).
 */
async function removeAppImages(host: HostRef, app: { id: string; name: string }): Promise<void> {
  const repo = appImageRepo(app.id);
  const tags = new Set<string>();
  for (const image of await runtimeFor(host).listImages(repo)) for (const tag of image.RepoTags ?? []) if (tag.startsWith(`${repo}:`)) tags.add(tag);
  for (const build of await db.build.findMany({ where: { appId: app.id, image: { not: null } }, select: { image: true } })) tags.add(build.image!);
  for (const release of await db.release.findMany({ where: { appId: app.id }, select: { version: true } })) tags.add(`berth/${app.name}:v${release.version}`);
  for (const tag of tags) await runtimeFor(host).removeImageTag(tag);
}
