// Login attempts per user name, counted in Redis over a window; a login that succeeds clears the
// count, so what is counted are failures. After too many the name is refused until the window ends
// — the right password too, or guessing would simply go on — so a password cannot be brute-forced
// through the token or session endpoints.
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

/**
 * Counts a login attempt for `username` and throws (429) once the window holds too many that did
 * not succeed. Counted before the password is checked, in one step with the check, so attempts
 * sent all at once cannot each pass the check before any of them is counted.
 */
export async function countLoginAttempt(username: string): Promise<void> {
  const state = await bounded("counting an attempt", redis().multi().incr(key(username)).expire(key(username), WINDOW_SECONDS, "NX").ttl(key(username)).exec());
  const attempts = Number(state?.[0]?.[1] ?? 0);
  const ttl = Number(state?.[2]?.[1] ?? 0);
  if (attempts <= MAX_FAILED_LOGINS) return;
  const minutes = Math.max(1, Math.ceil(ttl / 60));
  throw new BerthError("rate_limited", `too many failed logins for ${username.slice(0, 100)}; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, {
    retryAfterSeconds: Math.max(1, ttl),
  });
}

/** A successful login: the attempts before it are forgiven. */
export async function clearLoginAttempts(username: string): Promise<void> {
  await bounded("clearing the count", redis().del(key(username)));
}
