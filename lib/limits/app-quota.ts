// Apps per user (BERTH_MAX_APPS_PER_USER): the apps a user owns, whoever else collaborates on them.
import { db } from "../db.ts";
import { settings } from "../env.ts";
import type { Actor } from "../auth/users.ts";
import { exemptFromUserLimits, plural, quotaReached } from "./quota.ts";

type Counter = Pick<typeof db, "app">;

/** Throws (422) when the actor already owns as many apps as the limit allows. */
export async function checkAppQuota(actor: Actor, client: Counter = db): Promise<void> {
  if (exemptFromUserLimits(actor)) return;
  const owned = await client.app.count({ where: { ownerId: actor.id } });
  if (owned >= settings.maxAppsPerUser) {
    throw quotaReached(`you have ${plural(owned, "app")}`, `BERTH_MAX_APPS_PER_USER=${settings.maxAppsPerUser}`, "delete one before creating another");
  }
}
