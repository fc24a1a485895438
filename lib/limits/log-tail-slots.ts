// Live log tails per user (BERTH_MAX_LOG_TAILS_PER_USER): each holds a Redis connection blocked on
// the app's stream for as long as it is open. Counted in Redis (lib/limits/slots.ts), so the bound
// holds across web processes and a web process that dies gives its tails back within a lease.
import { settings } from "../env.ts";
import type { Actor } from "../auth/users.ts";
import { exemptFromUserLimits, plural, tooMany } from "./quota.ts";
import { takeSlot, type Slot } from "./slots.ts";

const unlimited: Slot = { release: async () => undefined };

export async function takeLogTailSlot(actor: Actor, holder: string): Promise<Slot> {
  if (exemptFromUserLimits(actor)) return unlimited;
  const limit = settings.maxLogTailsPerUser;
  const taken = await takeSlot({ name: ["log-tails", actor.id], limit }, holder);
  if (taken.taken) return taken.slot;
  throw tooMany(`you have ${plural(taken.held, "live log tail")} open`, `BERTH_MAX_LOG_TAILS_PER_USER=${limit}`, "close one first", 5);
}
