// Rolling back is going forward: release n+1 runs vN's build with vN's config.
import crypto from "node:crypto";
import { z } from "zod";
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { acquireDeployLock, releaseDeployLock, USER_REQUEST_WAIT_MS } from "../apps/deploy-lock.ts";
import { settings } from "../env.ts";
import { invalid, notFound } from "../errors.ts";
import { enqueueDeploy } from "../queue/queues.ts";
import { createRelease } from "./create-release.ts";

export const rollbackRequest = z.object({ release: z.number().int().positive() }).strict();

export async function rollback(actor: Actor, appName: string, body: unknown) {
  const app = await findApp(actor, appName);
  const { release: version } = rollbackRequest.parse(body);
  const target = await db.release.findUnique({ where: { appId_version: { appId: app.id, version } }, include: { config: true, build: { select: { image: true } } } });
  if (!target) throw notFound(`${app.name} has no release v${version}`);
  if (target.status === "failed") throw invalid(`v${version} failed (${target.error ?? "see its log"}); roll back to a release that ran`);
  if (!target.buildId) throw invalid(`v${version} has no build to run`);
  if (!target.build?.image) throw invalid(`v${version}'s image was pruned: Berth keeps the images of an app's newest ${settings.keptReleaseImages} releases; push that commit again to run it`);
  const releaseId = crypto.randomUUID();
  await acquireDeployLock(app, releaseId, USER_REQUEST_WAIT_MS);
  try {
    // A copy of vN's config becomes the newest, so later config changes start from it.
    const config = await db.config.create({ data: { appId: app.id, values: target.config.values } });
    const release = await createRelease({
      id: releaseId,
      appId: app.id,
      buildId: target.buildId,
      configId: config.id,
      actor: actor.username,
      summary: `${actor.username} rolled back to v${version}`,
    });
    await enqueueDeploy(release.id);
    return { version: release.version, status: release.status, summary: release.summary };
  } catch (err) {
    await releaseDeployLock(app.id, releaseId);
    throw err;
  }
}
