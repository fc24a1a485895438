// Reading and changing an app's config. A change is a new sealed snapshot and a new release,
// deployed like any other so running containers get the new values.
import crypto from "node:crypto";
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { acquireDeployLock, releaseDeployLock } from "../apps/deploy-lock.ts";
import { enqueueDeploy } from "../queue/queues.ts";
import { createRelease } from "../releases/create-release.ts";
import { describePatch, mergeConfig, openConfig, sealConfig } from "./config-vars.ts";
import { configPatch, type ConfigValues } from "./schemas.ts";

async function latestConfig(appId: string) {
  return db.config.findFirstOrThrow({ where: { appId }, orderBy: { createdAt: "desc" } });
}

export async function getConfigVars(actor: Actor, appName: string): Promise<ConfigValues> {
  const app = await findApp(actor, appName);
  return openConfig((await latestConfig(app.id)).values);
}

export async function setConfigVars(actor: Actor, appName: string, body: unknown): Promise<{ values: ConfigValues; release: number }> {
  const app = await findApp(actor, appName);
  const patch = configPatch.parse(body);
  const releaseId = crypto.randomUUID();
  await acquireDeployLock(app, releaseId);
  try {
    const values = mergeConfig(openConfig((await latestConfig(app.id)).values), patch);
    const config = await db.config.create({ data: { appId: app.id, values: sealConfig(values) } });
    const release = await createRelease({ id: releaseId, appId: app.id, configId: config.id, actor: actor.username, summary: `${actor.username} ${describePatch(patch)}` });
    await enqueueDeploy(release.id);
    return { values, release: release.version };
  } catch (err) {
    await releaseDeployLock(app.id, releaseId);
    throw err;
  }
}
