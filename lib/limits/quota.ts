// How a limit that is reached is reported, the same way everywhere: a quota (apps, containers,
// config size) is 422 naming what was counted, the limit and the setting that holds it; a rate or
// a count of things running at once (log tails, one-offs, taken names) is 429 with Retry-After.
import { BerthError } from "../errors.ts";

/** Per-user limits bind tenants, not the operator. */
export const exemptFromUserLimits = (user: { isAdmin: boolean }) => user.isAdmin;

/** `you have 100 apps, the limit on this Berth (BERTH_MAX_APPS_PER_USER); delete one first` */
export function quotaReached(what: string, setting: string, advice: string): BerthError {
  return new BerthError("invalid", `${what}, the limit on this Berth (${setting}); ${advice}`);
}

export function tooMany(what: string, setting: string, advice: string, retryAfterSeconds: number): BerthError {
  return new BerthError("rate_limited", `${what}, the limit on this Berth (${setting}); ${advice}`, { retryAfterSeconds });
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
