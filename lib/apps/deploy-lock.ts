// One deploy per app at a time: a build (or config change) holds the app's lock from the moment
// it is accepted until its release is live or has failed. A second one is refused, never interleaved.
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { settings } from "../env.ts";
import { conflict } from "../errors.ts";

// A lock older than the longest possible pipeline belongs to a process that died.
const STALE_AFTER_MS = () => settings.buildTimeoutMs + 10 * 60_000;

/**
 * How long a user's request (a config change, a rollback) waits for a deploy, scale or restart
 * that is finishing, before it is refused: long enough for a rollout, short for an HTTP request.
 */
export const USER_REQUEST_WAIT_MS = 15_000;

/**
 * Takes the lock; with `waitMs`, waits that long for a running deploy to finish first. With
 * `unlessBuilding`, a lock held by a build is refused at once: a push does not wait minutes for
 * another push, but it does wait out the short release of a config change or an add-on's vars.
 */
export async function acquireDeployLock(app: { id: string; name: string }, holder: string, waitMs = 0, opts: { unlessBuilding?: boolean } = {}): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await tryAcquire(app, holder);
    } catch (err) {
      if (Date.now() >= deadline || (opts.unlessBuilding && (await heldByBuild(app.id)))) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Builds hold the lock under their own id; releases under theirs. */
async function heldByBuild(appId: string): Promise<boolean> {
  const { deployLock } = await db.app.findUniqueOrThrow({ where: { id: appId }, select: { deployLock: true } });
  if (!deployLock) return false;
  const holder = deployLock.slice(0, deployLock.lastIndexOf("@"));
  return (await db.build.count({ where: { id: holder } })) > 0;
}

async function tryAcquire(app: { id: string; name: string }, holder: string): Promise<void> {
  const now = Date.now();
  const current = await db.app.findUniqueOrThrow({ where: { id: app.id }, select: { deployLock: true } });
  const stale = current.deployLock !== null && now - lockTime(current.deployLock) > STALE_AFTER_MS();
  // Compare-and-set on the value we read: two requests racing cannot both win.
  const taken = await db.app.updateMany({
    where: { id: app.id, deployLock: stale ? current.deployLock : null },
    data: { deployLock: `${holder}@${now}` },
  });
  if (taken.count === 0) throw conflict(`another deploy of ${app.name} is in progress; try again when it has finished`);
}

export async function releaseDeployLock(appId: string, holder: string): Promise<void> {
  await unlockQuery(appId, holder);
}

/**
 * Restamps a lock its holder still has, so a build that waited in the queue for its owner's other
 * builds is not taken for one whose process died (STALE_AFTER_MS counts from the last stamp).
 */
export async function renewDeployLock(appId: string, holder: string): Promise<void> {
  await db.app.updateMany({ where: { id: appId, deployLock: { startsWith: `${holder}@` } }, data: { deployLock: `${holder}@${Date.now()}` } });
}

/** Frees the lock in the same transaction as `outcome`, so nobody sees one without the other. */
export async function releaseDeployLockWith(appId: string, holder: string, outcome: Prisma.PrismaPromise<unknown>): Promise<void> {
  await db.$transaction([outcome, unlockQuery(appId, holder)]);
}

const unlockQuery = (appId: string, holder: string) =>
  db.app.updateMany({ where: { id: appId, deployLock: { startsWith: `${holder}@` } }, data: { deployLock: null } });

function lockTime(lock: string): number {
  return Number(lock.slice(lock.lastIndexOf("@") + 1)) || 0;
}
