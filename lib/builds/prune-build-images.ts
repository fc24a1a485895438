// An app's images are kept for its newest successful releases (rollbacks run them) and removed
// everywhere else: on the build engine, in the registry and on the hosts (the scheduler's copies).
// Under the app's deploy lock, so no build of it is pushing an image the prune would not know.
import crypto from "node:crypto";
import { db } from "../db.ts";
import { acquireDeployLock, releaseDeployLock } from "../apps/deploy-lock.ts";
import { releaseImageTag } from "../docker/labels.ts";
import { runtimeFor } from "../docker/container-runtime.ts";
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { scheduler } from "../scheduler/index.ts";

/** The builds whose images stay: those of the newest `kept` successful releases, and any build with no release yet. */
export function buildsToKeep(input: { releases: Array<{ version: number; status: string; buildId: string | null }>; builds: Array<{ id: string; status: string }>; kept: number }): Set<string> {
  const released = new Set(input.releases.flatMap((r) => (r.buildId ? [r.buildId] : [])));
  const newest = [...input.releases].filter((r) => r.buildId && r.status !== "failed").sort((a, b) => b.version - a.version);
  const keep = new Set<string>();
  for (const r of newest) {
    if (keep.size >= input.kept) break;
    keep.add(r.buildId!);
  }
  // A release that is deploying now runs its build whatever its place.
  for (const r of input.releases) if (r.buildId && (r.status === "pending" || r.status === "deploying")) keep.add(r.buildId);
  for (const b of input.builds) if (!released.has(b.id) && b.status !== "failed") keep.add(b.id);
  return keep;
}

/** Returns how many builds' images were removed; skips (0) when a deploy holds the app. */
export async function pruneBuildImages(appId: string): Promise<number> {
  const app = await db.app.findUnique({ where: { id: appId }, select: { id: true, name: true } });
  if (!app) return 0;
  const holder = `prune-${crypto.randomUUID()}`;
  try {
    await acquireDeployLock(app, holder);
  } catch (err) {
    if (err instanceof BerthError && err.code === "conflict") return 0; // the next deploy prunes
    throw err;
  }
  try {
    const [releases, builds] = await Promise.all([
      db.release.findMany({ where: { appId }, select: { version: true, status: true, buildId: true } }),
      db.build.findMany({ where: { appId, image: { not: null } }, select: { id: true, status: true, image: true } }),
    ]);
    const keep = buildsToKeep({ releases, builds, kept: Math.max(1, settings.keptReleaseImages) });
    const pruned = builds.filter((b) => !keep.has(b.id));
    if (pruned.length === 0) return 0;
    // Another app's build may be using one of these images as its cache at this moment (identical
    // steps make identical images), and the engine's classic builder then fails with "unable to
    // find image": the build engine's copies wait for a moment with no build running.
    if ((await db.build.count({ where: { status: { in: ["pending", "building"] } } })) > 0) return 0;
    const buildHost = await scheduler().buildHost();
    const prunedIds = new Set(pruned.map((b) => b.id));
    const releaseTags = releases.filter((r) => r.buildId && prunedIds.has(r.buildId)).map((r) => releaseImageTag(appId, r.version));
    for (const tag of [...pruned.map((b) => b.image!), ...releaseTags]) await runtimeFor(buildHost).removeImageTag(tag);
    await scheduler().pruneImages(appId, builds.filter((b) => keep.has(b.id)).map((b) => b.image!));
    // The record stays (its log, its commit); a rollback to it is refused, naming why.
    await db.build.updateMany({ where: { id: { in: [...prunedIds] } }, data: { image: null } });
    return pruned.length;
  } finally {
    await releaseDeployLock(app.id, holder);
  }
}
