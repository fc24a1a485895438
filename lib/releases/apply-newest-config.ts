// The deploy-queue job behind changeConfigVarsSoon: once the app is free, its newest config goes
// out in a release — unless a release already carries it (a build that was running released with it).
import crypto from "node:crypto";
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { acquireDeployLock, releaseDeployLock } from "../apps/deploy-lock.ts";
import { enqueueDeploy } from "../queue/queues.ts";
import { createRelease } from "./create-release.ts";

// A deploy that is running may be a whole build.
const WAIT_FOR_DEPLOY_MS = () => settings.buildTimeoutMs + 5 * 60_000;

export async function applyNewestConfig(job: { appId: string; actor: string; summary: string }): Promise<void> {
  const app = await db.app.findUnique({ where: { id: job.appId } });
  if (!app) return; // deleted meanwhile
  const releaseId = crypto.randomUUID();
  await acquireDeployLock(app, releaseId, WAIT_FOR_DEPLOY_MS());
  try {
    const [config, last] = await Promise.all([
      db.config.findFirstOrThrow({ where: { appId: app.id }, orderBy: { createdAt: "desc" }, select: { id: true } }),
      db.release.findFirst({ where: { appId: app.id }, orderBy: { version: "desc" }, select: { configId: true } }),
    ]);
    if (last?.configId === config.id) {
      await releaseDeployLock(app.id, releaseId);
      return;
    }
    const release = await createRelease({ id: releaseId, appId: app.id, configId: config.id, actor: job.actor, summary: job.summary });
    await enqueueDeploy(release.id);
  } catch (err) {
    await releaseDeployLock(app.id, releaseId);
    throw err;
  }
}
