// The deploy-queue job behind changeConfigVarsSoon: once the app is free, its newest config goes
// out in a release — unless a release already carries it (a build that was running released with it).
import crypto from "node:crypto";
import { db } from "../db.ts";
import { BerthError } from "../errors.ts";
import { acquireDeployLock, releaseDeployLock } from "../apps/deploy-lock.ts";
import { enqueueDeploy } from "../queue/queues.ts";
import { createRelease } from "./create-release.ts";

/** The app is busy with another deploy (a whole build, maybe): look again this much later. */
export const RETRY_WHILE_BUSY_MS = 2000;

/**
 * Applies the newest config when the app is free. Returns false, having changed nothing, while
 * another deploy holds the app: the caller tries again later, without holding a worker meanwhile
 * (waiting here would take a deploy slot from other apps for as long as a build runs).
 */
export async function applyNewestConfig(job: { appId: string; actor: string; summary: string }): Promise<boolean> {
  const app = await db.app.findUnique({ where: { id: job.appId } });
  if (!app) return true; // deleted meanwhile
  const releaseId = crypto.randomUUID();
  try {
    await acquireDeployLock(app, releaseId);
  } catch (err) {
    if (err instanceof BerthError && err.code === "conflict") return false;
    throw err;
  }
  try {
    const [config, last] = await Promise.all([
      db.config.findFirstOrThrow({ where: { appId: app.id }, orderBy: { createdAt: "desc" }, select: { id: true } }),
      db.release.findFirst({ where: { appId: app.id }, orderBy: { version: "desc" }, select: { configId: true } }),
    ]);
    if (last?.configId === config.id) {
      await releaseDeployLock(app.id, releaseId);
      return true;
    }
    const release = await createRelease({ id: releaseId, appId: app.id, configId: config.id, actor: job.actor, summary: job.summary });
    await enqueueDeploy(release.id);
    return true;
  } catch (err) {
    await releaseDeployLock(app.id, releaseId);
    throw err;
  }
}
