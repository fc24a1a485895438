// The router sync requests' tickets and the applies' outcomes, in Redis, shared by every process
// that requests a sync (see coalesce-applies.ts for what they mean).
import { redis, redisKey } from "../redis.ts";
import type { ApplyLedger, ApplyOutcome } from "./coalesce-applies.ts";

const TICKETS = () => redisKey("router", "tickets");
const APPLIES = () => redisKey("router", "applies");
// Outcomes kept: far more than the requests ever queued at once. A request older than all of them
// gets an apply of its own, which is only one more (see serveSyncRequest).
const KEPT_APPLIES = 500;

export const redisLedger: ApplyLedger = {
  takeTicket: () => redis().incr(TICKETS()),
  newestTicket: async () => Number((await redis().get(TICKETS())) ?? 0),
  async coveringApply(ticket) {
    const [first] = await redis().zrange(APPLIES(), ticket, "+inf", "BYSCORE", "LIMIT", 0, 1);
    return first === undefined ? undefined : (JSON.parse(first) as ApplyOutcome);
  },
  async recordApply(outcome) {
    // The time makes each member unique: a stalled job's apply may run again with the same `covered`.
    await redis()
      .multi()
      .zadd(APPLIES(), outcome.covered, JSON.stringify({ ...outcome, at: Date.now() }))
      .zremrangebyrank(APPLIES(), 0, -(KEPT_APPLIES + 1))
      .exec();
  },
};
