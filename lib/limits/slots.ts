// Counted slots in Redis: "at most N of these at once" for things that live longer than a request
// (a log tail, a one-off, a build). Counted in Redis, not in the web process, because several web
// processes and the workers share one Redis (DESIGN: several web/worker machines later), and a
// process that dies must not leave its slots taken for ever: each slot is a lease that its holder
// renews while it runs, so one whose holder vanished expires on its own.
import { redis, redisKey } from "../redis.ts";

/** How long a slot outlives a holder that stopped renewing it (a killed process). */
const LEASE_MS = 30_000;
const RENEW_EVERY_MS = 10_000;

// KEYS[1]: a sorted set of holders scored by when their lease ends. ARGV: now, lease ms, limit, holder.
// Forgets expired holders, then takes a slot if one is free (or renews the holder's own): counting
// and taking in one step, so requests arriving together cannot all pass the count.
const TAKE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local mine = redis.call('ZSCORE', KEYS[1], ARGV[4])
local held = redis.call('ZCARD', KEYS[1])
if mine or held < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, mine and held or held + 1}
end
return {0, held}`;

// Renews a holder's lease only while it still holds the slot (an expired one must take it again).
const RENEW = `
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

export interface SlotPool {
  /** What is counted and for whom, e.g. ["log-tails", userId]. */
  name: string[];
  limit: number;
}

export interface Slot {
  /** Gives the slot back; safe to call more than once. */
  release(): Promise<void>;
}

export type TakeResult = { taken: true; slot: Slot; held: number } | { taken: false; held: number };

const poolKey = (pool: SlotPool) => redisKey("slots", ...pool.name);

/**
 * Takes one of the pool's slots for `holder` (an id unique to what holds it) and keeps it renewed
 * until released. Taking again with the same holder renews rather than counting twice.
 */
export async function takeSlot(pool: SlotPool, holder: string): Promise<TakeResult> {
  const key = poolKey(pool);
  const [ok, held] = (await redis().eval(TAKE, 1, key, Date.now(), LEASE_MS, pool.limit, holder)) as [number, number];
  if (ok !== 1) return { taken: false, held };
  const timer = setInterval(() => {
    redis().eval(RENEW, 1, key, Date.now(), LEASE_MS, holder).catch(() => undefined);
  }, RENEW_EVERY_MS);
  timer.unref();
  let released = false;
  return {
    taken: true,
    held,
    slot: {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await redis().zrem(key, holder);
      },
    },
  };
}

/** How many slots of the pool are held now (expired leases not counted). */
export async function heldSlots(pool: SlotPool): Promise<number> {
  return redis().zcount(poolKey(pool), Date.now(), "+inf");
}
