// Reading and changing an app's config. A change is a new sealed snapshot and a new release,
// deployed like any other so running containers get the new values.
import crypto from "node:crypto";
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { invalid } from "../errors.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { acquireDeployLock, releaseDeployLock, USER_REQUEST_WAIT_MS } from "../apps/deploy-lock.ts";
import { enqueueApplyConfig, enqueueDeploy } from "../queue/queues.ts";
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
    const { values, configId } = await appendConfig(app.id, patch);
    const release = await createRelease({ id: releaseId, appId: app.id, configId, actor: opts.actor, summary: opts.summary });
    await enqueueDeploy(release.id);
    return { values, release: release.version };
  } catch (err) {
    await releaseDeployLock(app.id, releaseId);
    throw err;
  }
}

/**
 * A config change that must not wait for a running deploy — an add-on's vars, which exist from
 * the moment it is created. The snapshot is written at once (a build that is running releases
 * with it); its release goes out now when the app is free, else as soon as the running deploy ends.
 */
export async function changeConfigVarsSoon(app: { id: string; name: string }, patch: ConfigPatch, opts: { actor: string; summary: string }): Promise<{ values: ConfigValues }> {
  configPatch.parse(patch);
  const { values } = await appendConfig(app.id, patch);
  await enqueueApplyConfig({ appId: app.id, actor: opts.actor, summary: opts.summary });
  return { values };
}

/**
 * The newest snapshot merged with the patch, in one write transaction: config is written outside
 * the deploy lock too (changeConfigVarsSoon), and two merges must never lose one another's keys.
 */
async function appendConfig(appId: string, patch: ConfigPatch): Promise<{ values: ConfigValues; configId: string }> {
  return db.$transaction(async (tx) => {
    const current = openConfig((await tx.config.findFirstOrThrow({ where: { appId }, orderBy: { createdAt: "desc" } })).values);
    const values = mergeConfig(current, patch);
    const tooBig = configLimitProblem(current, values, { maxBytes: settings.maxConfigBytes, maxVars: settings.maxConfigVars });
    if (tooBig) throw invalid(tooBig);
    const config = await tx.config.create({ data: { appId, values: sealConfig(values) } });
    return { values, configId: config.id };
  });
}
