// Failed logins per user name, counted in Redis over a window. After too many the name is refused
// until the window ends — the right password too, or guessing would simply go on — so a password
// cannot be brute-forced through the token or session endpoints. A login that succeeds first
// clears the count.
import { BerthError } from "../errors.ts";
import { redis, redisKey } from "../redis.ts";

export const MAX_FAILED_LOGINS = 10;
const WINDOW_SECONDS = 15 * 60;
// Redis away must not hang a login (commands wait for a reconnect): the throttle steps aside.
const REDIS_WAIT_MS = 2000;

const key = (username: string) => redisKey("login-failures", username.slice(0, 100));

async function bounded<T>(what: string, op: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), REDIS_WAIT_MS);
  });
  try {
    const result = await Promise.race([op, timeout]);
    if (result === undefined) console.error(`login throttle: Redis did not answer (${what}); not counted`);
    return result;
  } catch (err) {
    console.error(`login throttle: ${what} failed: ${(err as Error).message}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Throws (429) while `username` has had too many failed logins in the window. */
export async function assertLoginAllowed(username: string): Promise<void> {
  const state = await bounded("reading the count", redis().multi().get(key(username)).ttl(key(username)).exec());
  const failures = Number(state?.[0]?.[1] ?? 0);
  const ttl = Number(state?.[1]?.[1] ?? 0);
  if (failures < MAX_FAILED_LOGINS) return;
  const minutes = Math.max(1, Math.ceil(ttl / 60));
  throw new BerthError("rate_limited", `too many failed logins for ${username.slice(0, 100)}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, {
    retryAfterSeconds: Math.max(1, ttl),
  });
}

export async function recordLoginFailure(username: string): Promise<void> {
  // The window starts at the first failure; later ones do not extend it.
  await bounded("counting a failure", redis().multi().incr(key(username)).expire(key(username), WINDOW_SECONDS, "NX").exec());
}

export async function clearLoginFailures(username: string): Promise<void> {
  await bounded("clearing the count", redis().del(key(username)));
}
