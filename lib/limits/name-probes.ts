// POST /apps answers "the name is taken" for someone else's app too (names are global, like
// Heroku's), which tells a stranger that the app exists. Bounded per user so that probing names
// is no faster than creating apps: each attempt is counted before the name is looked at (in one
// step, so a burst sent at once cannot all pass), a created app gives its attempt back, and past
// the bound every create is refused with 429 until the window ends — taken or free alike.
import { redis, redisKey } from "../redis.ts";
import type { Actor } from "../auth/users.ts";
import { exemptFromUserLimits, tooMany } from "./quota.ts";

/** Taken names a user may run into per window: plenty for choosing a name by hand. */
export const MAX_TAKEN_NAMES = 10;
const WINDOW_SECONDS = 10 * 60;

const FORGIVE = `if (tonumber(redis.call('GET', KEYS[1]) or '0')) > 0 then return redis.call('DECR', KEYS[1]) end return 0`;

const key = (userId: string) => redisKey("taken-app-names", userId);

/** Counts an attempt to create an app; throws 429 once the window holds too many that were refused. */
export async function countNameAttempt(actor: Actor): Promise<void> {
  if (exemptFromUserLimits(actor)) return;
  const k = key(actor.id);
  const state = await redis().multi().incr(k).expire(k, WINDOW_SECONDS, "NX").ttl(k).exec();
  const attempts = Number(state?.[0]?.[1] ?? 0);
  if (attempts <= MAX_TAKEN_NAMES) return;
  const ttl = Math.max(1, Number(state?.[2]?.[1] ?? WINDOW_SECONDS));
  throw tooMany(
    `you tried ${MAX_TAKEN_NAMES} app names that were taken in ${WINDOW_SECONDS / 60} minutes`,
    "app names probed per user",
    `try again in ${Math.ceil(ttl / 60)} minute${ttl > 60 ? "s" : ""}`,
    ttl,
  );
}

/** The attempt created an app (or was refused for another reason): it revealed nothing. */
export async function forgiveNameAttempt(actor: Actor): Promise<void> {
  if (exemptFromUserLimits(actor)) return;
  // Never below zero: a window that ended meanwhile must not start the next one in credit.
  await redis().eval(FORGIVE, 1, key(actor.id));
}
