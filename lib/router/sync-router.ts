// Asks the router host to make HAProxy route exactly what the database says. Every process —
// the web app, the workers, wherever HAProxy runs — goes through the router queue, never through
// HAProxy itself (router-host.ts serves the queue), so the router may live on another machine.
import { seal } from "../crypto/secret-box.ts";
import { BerthError } from "../errors.ts";
import { enqueueRouterJob, QUEUE, type RouterJob } from "../queue/queues.ts";
import { JobWaitTimedOut, waitForJob } from "../queue/wait-for-job.ts";
import type { SyncResult } from "./coalesce-applies.ts";
import { redisLedger } from "./redis-ledger.ts";
import type { ServerSwitch } from "./router-host.ts";

export { defaultHostname, routerServer } from "./read-router-state.ts";
export type { ServerSwitch } from "./router-host.ts";

// How long a requester waits for the router host. An apply takes well under a second; its own
// bounds (haproxy -c 30 s, a reload 15 s) after one running ahead of it stay within a sync's.
const SYNC_WAIT_MS = 120_000;
// A user's request waits less: the change is stored and the next apply takes it anyway.
const AFTER_CHANGE_WAIT_MS = 30_000;
const CERTIFICATE_CHECK_WAIT_MS = 30_000;
// Only saves time in a rollout that runs health checks meanwhile: never worth waiting long.
const SWITCH_CHECK_WAIT_MS = 10_000;

/**
 * Requests a sync and waits for the apply that covers it: that apply read the database after
 * this call began, so it includes every change stored before. Throws the apply's error (e.g.
 * HAProxy refused the config), or after `waitMs` without an answer. The request stays queued
 * either way: a router host that was away applies it when it is back.
 */
export async function syncRouter(opts: { waitMs?: number } = {}): Promise<SyncResult> {
  return askRouterHost<SyncResult>(async () => ({ name: "sync", ticket: await redisLedger.takeTicket() }), opts.waitMs ?? SYNC_WAIT_MS, "apply the router change");
}

/**
 * For a user's change that is already stored (a domain, a certificate, maintenance): syncs the
 * router, and says plainly when that failed — the change stays stored and the next sync applies it.
 */
export async function syncRouterAfterChange(): Promise<void> {
  try {
    await syncRouter({ waitMs: AFTER_CHANGE_WAIT_MS });
  } catch (err) {
    console.error("the router did not take a stored change", err);
    throw new BerthError("unavailable", `saved, but the router could not be reloaded yet (${(err as Error).message}); the next router change retries it`);
  }
}

/**
 * Has the router host check, ahead of time, the config the router will have once `change` is
 * made — so the switch itself does not wait for `haproxy -c`. Never fails, and waits little:
 * the apply validates again and reports.
 */
export async function prevalidateSwitch(change: ServerSwitch): Promise<void> {
  await askRouterHost(async () => ({ name: "check-switch", ...change }), SWITCH_CHECK_WAIT_MS, "check the switch").catch(() => undefined);
}

/**
 * Checks that HAProxy accepts the router config with this certificate for `hostname`, before the
 * database is changed: a certificate HAProxy cannot load is refused up front instead of breaking
 * every later reload. Throws with HAProxy's reason, or a BerthError when the router host is silent.
 */
export async function checkRouterAcceptsCertificate(c: { hostname: string; certificate: string; privateKey: string }): Promise<void> {
  const job = { name: "check-certificate" as const, hostname: c.hostname, certificate: c.certificate, sealedKey: seal(c.privateKey) };
  await askRouterHost(async () => job, CERTIFICATE_CHECK_WAIT_MS, "check the certificate");
}

/**
 * Queues a router job and waits for its outcome, all within `waitMs` — queueing included, as a
 * Redis that does not answer holds commands until it is back.
 */
async function askRouterHost<T>(makeJob: () => Promise<RouterJob>, waitMs: number, what: string): Promise<T> {
  const deadline = Date.now() + waitMs;
  let timer: NodeJS.Timeout | undefined;
  const silent = () => new BerthError("unavailable", `the router host did not ${what} within ${Math.round(waitMs / 1000)} s (is Berth's workers process running?)`);
  const queued = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(silent()), waitMs)));
  let jobId: string;
  try {
    jobId = await Promise.race([makeJob().then(enqueueRouterJob), queued]);
  } finally {
    clearTimeout(timer);
  }
  return waitForJob<T>(QUEUE.router, jobId, Math.max(deadline - Date.now(), 1)).catch((err: Error) => {
    throw err instanceof JobWaitTimedOut ? silent() : err;
  });
}
