// Failed logins, counted in Redis over a 15-minute window so a password cannot be brute-forced
// through the token or session endpoints — without letting anyone lock a user out from afar (as
// GitHub and Heroku do it). Three bounds, each refusing with 429 until its window ends:
//   * per (user name, address): 10 failures. What stops guessing at one account from one place;
//   * per address, whatever the names: 50. One address cannot spread its guesses over many names;
//   * per user name from addresses that never logged in as that user: 100. Many addresses
//     guessing at one account (distributed guessing) are stopped, and the user still logs in from
//     an address that logged in as them before (remembered 30 days, the 20 latest).
// API tokens are never throttled here: a locked-out user's CLI and git keep working.
// An address is a network's: IPv6 addresses count by their /64 (lib/auth/client-address.ts).
import { BerthError } from "../errors.ts";
import { redis, redisKey } from "../redis.ts";
import { addressNetwork } from "./client-address.ts";

export const MAX_FAILED_LOGINS = 10;
export const MAX_FAILED_LOGINS_PER_ADDRESS = 50;
export const MAX_FAILED_LOGINS_PER_NAME = 100;
const WINDOW_SECONDS = 15 * 60;
const KNOWN_ADDRESS_MS = 30 * 24 * 3600 * 1000;
const KNOWN_ADDRESSES_KEPT = 20;
// Redis away must not hang a login (commands wait for a reconnect): the throttle steps aside.
const REDIS_WAIT_MS = 2000;

/** What one attempt counted, so that its success can take the counts back. */
export interface LoginAttempt {
  username: string;
  address: string;
  countedForName: boolean;
}

// User-typed names are encoded: a name holding ":" must not make another name's key.
const name = (username: string) => encodeURIComponent(username.slice(0, 100));
const keys = (username: string, address: string) => [
  redisKey("login-failures", "pair", address, name(username)),
  redisKey("login-failures", "address", address),
  redisKey("login-failures", "name", name(username)),
  redisKey("login-known-addresses", name(username)),
];

// Checks every bound and, only when none is reached, counts the attempt against each — in one
// step, so guesses sent all at once cannot each pass the check before any of them is counted.
// A refused attempt is not counted: the lock ends when the window of the failures that made it does.
// Returns {bound reached (1-3) or 0, its TTL or whether the name bound was counted}.
const COUNT = `
local known = redis.call('ZSCORE', KEYS[4], ARGV[5])
local fromKnown = known and tonumber(known) > tonumber(ARGV[6]) - tonumber(ARGV[7])
local limits = { tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]) }
local bounds = fromKnown and 2 or 3
for i = 1, bounds do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= limits[i] then
    return { i, redis.call('TTL', KEYS[i]) }
  end
end
for i = 1, bounds do
  redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], ARGV[4], 'NX')
end
return { 0, fromKnown and 0 or 1 }
`;

// A success: the (name, address) failures are forgiven, the success itself is taken back from
// the other two counts (failures before it stay: logging in to one's own account must not reset
// an address's guesses at others), and the address is remembered for this user.
const SUCCEED = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
if ARGV[4] == '1' and tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -1 - tonumber(ARGV[5]))
redis.call('PEXPIRE', KEYS[4], ARGV[3])
return 1
`;

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
 * Counts a login attempt for `username` from `address` (see lib/auth/client-address.ts) and
 * throws (429, with Retry-After) when a bound is reached. Call it before the password is checked.
 */
export async function countLoginAttempt(username: string, clientAddress: string): Promise<LoginAttempt> {
  const address = addressNetwork(clientAddress);
  const args = [MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS, MAX_FAILED_LOGINS_PER_NAME, WINDOW_SECONDS, address, Date.now(), KNOWN_ADDRESS_MS];
  const state = (await bounded("counting an attempt", redis().eval(COUNT, 4, ...keys(username, address), ...args))) as [number, number] | undefined;
  const [bound, value] = state ?? [0, 0];
  if (bound === 0) return { username, address, countedForName: value === 1 };
  const seconds = Math.max(1, Number(value));
  const minutes = Math.ceil(seconds / 60);
  const wait = `try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const who = username.slice(0, 100);
  const message =
    bound === 1 ? `too many failed logins for ${who}; ${wait}`
    : bound === 2 ? `too many failed logins from your address; ${wait}`
    : `too many failed logins for ${who} from addresses that have not logged in as ${who}; ${wait}, or log in from where you logged in before (API tokens keep working)`;
  throw new BerthError("rate_limited", message, { retryAfterSeconds: seconds });
}

/** A successful login: see SUCCEED. */
export async function recordLoginSuccess(attempt: LoginAttempt): Promise<void> {
  const args = [attempt.address, Date.now(), KNOWN_ADDRESS_MS, attempt.countedForName ? 1 : 0, KNOWN_ADDRESSES_KEPT];
  await bounded("recording a success", redis().eval(SUCCEED, 4, ...keys(attempt.username, attempt.address), ...args));
}

/** A deleted user: a new user of the same name must not inherit where this one logged in from. */
export async function forgetLoginAddresses(username: string): Promise<void> {
  await bounded("forgetting a user's addresses", redis().del(redisKey("login-known-addresses", name(username))));
}
