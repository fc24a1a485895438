// Reading and changing an app's config. A change is a new sealed snapshot and a new release,
// deployed like any other so running containers get the new values.
import crypto from "node:crypto";
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { invalid } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { acquireDeployLock, releaseDeployLock, USER_REQUEST_WAIT_MS } from "../apps/deploy-lock.ts";
import { enqueueDeploy } from "../queue/queues.ts";
import { createRelease } from "../releases/create-release.ts";
import { configLimitProblem } from "./config-limits.ts";
import { describePatch, mergeConfig, openConfig, sealConfig } from "./config-vars.ts";
import { configPatch, type ConfigPatch, type ConfigValues } from "./schemas.ts";

async function latestConfig(appId: string) {
  return db.config.findFirstOrThrow({ where: { appId }, orderBy: { createdAt: "desc" } });
}

export async function getConfigVars(actor: Actor, appName: string): Promise<ConfigValues> {
  const app = await findApp(actor, appName);
  return currentConfigVars(app.id);
}

/** The app's config as it stands: its newest snapshot. */
export async function currentConfigVars(appId: string): Promise<ConfigValues> {
  return openConfig((await latestConfig(appId)).values);
}

export async function setConfigVars(actor: Actor, appName: string, body: unknown): Promise<{ values: ConfigValues; release: number }> {
  const app = await findApp(actor, appName);
  const patch = configPatch.parse(body);
  return changeConfigVars(app, patch, { actor: actor.username, summary: `${actor.username} ${describePatch(patch)}`, waitMs: USER_REQUEST_WAIT_MS });
}

/**
 * The one way an app's config changes — by its users and by Berth itself (an add-on attached or
 * detached): under the app's deploy lock, a new sealed snapshot, a new release and its deploy.
 * With `waitMs`, a running deploy is waited for instead of refusing at once.
 */
export async function changeConfigVars(
  app: { id: string; name: string },
  patch: ConfigPatch,
  opts: { actor: string; summary: string; waitMs?: number },
): Promise<{ values: ConfigValues; release: number }> {
  configPatch.parse(patch);
  const releaseId = crypto.randomUUID();
  await acquireDeployLock(app, releaseId, opts.waitMs);
  try {
    const current = openConfig((await latestConfig(app.id)).values);
    const values = mergeConfig(current, patch);
    const tooBig = configLimitProblem(current, values, { maxBytes: settings.maxConfigBytes, maxVars: settings.maxConfigVars });
    if (tooBig) throw invalid(tooBig);
    const config = await db.config.create({ data: { appId: app.id, values: sealConfig(values) } });
    const release = await createRelease({ id: releaseId, appId: app.id, configId: config.id, actor: opts.actor, summary: opts.summary });
    await enqueueDeploy(release.id);
    return { values, release: release.version };
  } catch (err) {
    await releaseDeployLock(app.id, releaseId);
    throw err;
  }
}
