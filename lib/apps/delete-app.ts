// Deleting an app removes everything Berth made for it: containers, images, network, build cache,
// stored sources and git repository, its routes, and its rows.
import crypto from "node:crypto";
import fs from "node:fs";
import { db } from "../db.ts";
import { dataPath } from "../env.ts";
import type { Actor } from "../auth/users.ts";
import { buildImageRepo, LABEL, objectName, releaseImageRepo } from "../docker/labels.ts";
import { listBerthContainers, listImages, removeImageTag, removeNetwork, removeVolume, stopAndRemoveContainer } from "../docker/runtime.ts";
import { localHost } from "../hosts.ts";
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
  const host = await localHost();
  const containers = await listBerthContainers(host, { [LABEL.app]: app.name });
  await Promise.all(containers.map((c) => stopAndRemoveContainer(host, c.Id, 10)));
  // A container a finishing deploy is already stopping (its grace period) is not ours to remove;
  // its image can only go once it has.
  for (const deadline = Date.now() + 45_000; Date.now() < deadline; ) {
    const left = await listBerthContainers(host, { [LABEL.app]: app.name });
    if (left.length === 0) break;
    await Promise.all(left.map((c) => stopAndRemoveContainer(host, c.Id, 10)));
    await new Promise((r) => setTimeout(r, 250));
  }
  const repos = new Set([releaseImageRepo(app.name), buildImageRepo(app.name)]);
  for (const repo of repos) {
    for (const image of await listImages(host, repo)) {
      for (const tag of image.RepoTags ?? []) if (tag.startsWith(`${repo}:`)) await removeImageTag(host, tag);
    }
  }
  // Its add-ons live on, detached: they leave its network first (Docker refuses to remove a network in use).
  await leaveDeletedApp(app);
  await removeNetwork(host, objectName(app.name));
  await removeVolume(host, objectName("cache", app.name));
  fs.rmSync(repoPath(app.name), { recursive: true, force: true });
  fs.rmSync(dataPath("sources", app.name), { recursive: true, force: true });
  await db.app.delete({ where: { id: app.id } });
  await syncRouter();
}
