// A fair build queue: at most BERTH_MAX_BUILDS_PER_USER builds of one user's apps run at once, so
// one user's long builds cannot take every build slot of the instance (the build worker runs a
// few at once in total). BullMQ has no per-group concurrency, so a build whose user already has
// enough running goes back to the queue as a delayed job and the worker's slot goes to the next
// job: someone else's build. It stays `pending`, with one line in its log saying why.
//
// "The user" is the app's owner, not whoever pushed: the owner is the tenant whose apps they are,
// so a collaborator's push takes the owner's turn, and inviting collaborators does not multiply a
// tenant's share. Apps owned by an admin (the operator) are not limited.
import { DelayedError, type Job } from "bullmq";
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { renewDeployLock } from "../apps/deploy-lock.ts";
import { buildLogWriter } from "../builds/build-log.ts";
import { buildJob } from "../queue/queues.ts";
import { exemptFromUserLimits } from "./quota.ts";
import { takeSlot } from "./slots.ts";

/** How soon a waiting build asks again. */
const RECHECK_MS = 2000;
const FINAL = new Set(["succeeded", "failed"]);

/** Runs the job's build when its owner has a build slot free; else puts the job back to wait. */
export async function runBuildInTurn(job: Job, token: string | undefined, run: (buildId: string) => Promise<void>): Promise<void> {
  const { buildId } = buildJob.parse(job.data);
  const build = await db.build.findUnique({
    where: { id: buildId },
    select: { status: true, appId: true, app: { select: { ownerId: true, owner: { select: { username: true, isAdmin: true } } } } },
  });
  // Gone, already ended (run() knows what to do) or the operator's: no turn to wait for.
  if (!build || FINAL.has(build.status) || exemptFromUserLimits(build.app.owner)) return run(buildId);

  const limit = settings.maxBuildsPerUser;
  const turn = await takeSlot({ name: ["builds", build.app.ownerId], limit }, buildId);
  // The app's deploy lock was stamped when the build was accepted; waiting must not make it look stale.
  await renewDeployLock(build.appId, buildId);
  if (!turn.taken) {
    if (!(job.data as { waiting?: boolean }).waiting) {
      const log = buildLogWriter(buildId);
      log.line(
        `-----> Waiting for your other build to finish: the apps of ${build.app.owner.username} build ${limit} at a time ` +
          `on this Berth (BERTH_MAX_BUILDS_PER_USER=${limit}); this one starts when one ends`,
      );
      await log.flush();
      await job.updateData({ ...job.data, waiting: true });
    }
    await job.moveToDelayed(Date.now() + RECHECK_MS, token);
    throw new DelayedError();
  }
  try {
    await run(buildId);
  } finally {
    await turn.slot.release();
  }
}
