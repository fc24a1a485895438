// Brings an app's containers to its current release and formation: after a scale, a size
// change, a restart, or when the reconciler finds them drifted. Waits its turn behind a deploy.
import crypto from "node:crypto";
import { db } from "../db.ts";
import { acquireDeployLock, releaseDeployLock } from "../apps/deploy-lock.ts";
import type { BuildLog } from "../builds/build-log.ts";
import { recordEvent } from "../logs/record-event.ts";
import { currentRelease } from "../releases/create-release.ts";
import { runnableRelease } from "./app-containers.ts";
import { rollout, RolloutFailed, type Rollout } from "./rollout.ts";

const WAIT_FOR_DEPLOY_MS = 10 * 60_000;

export async function convergeApp(appId: string, opts: { replace?: string[]; reason: string }): Promise<void> {
  const app = await db.app.findUnique({ where: { id: appId } });
  if (!app) return; // deleted meanwhile
  const holder = `converge-${crypto.randomUUID()}`;
  await acquireDeployLock(app, holder, WAIT_FOR_DEPLOY_MS);
  await recordEvent(app.id, opts.reason);
  let live: Rollout | undefined;
  try {
    const current = await currentRelease(app.id);
    const release = current && (await db.release.findUnique({ where: { id: current.id }, include: { app: true, build: true, config: true } }));
    if (!release?.build?.image) return; // nothing deployed yet: the first deploy starts the formation
    const log: BuildLog = { line: (text) => console.log(`[${app.name}] ${opts.reason}: ${text.trim()}`), flush: async () => undefined };
    live = await rollout({
      run: runnableRelease(release),
      healthcheck: { path: app.healthcheckPath, timeoutSeconds: app.healthcheckTimeout },
      log,
      replace: new Set(opts.replace ?? []),
    });
  } catch (err) {
    // What serves stays as it was; the next scale, restart or sweep tries again.
    if (err instanceof RolloutFailed) console.error(`[${app.name}] ${opts.reason} failed: ${err.message}`);
    else throw err;
  } finally {
    await releaseDeployLock(app.id, holder);
  }
  await live?.drain();
}
