// Containers per app (BERTH_MAX_CONTAINERS_PER_APP, for everyone: it bounds one app's share of a
// host) and per user (BERTH_MAX_CONTAINERS_PER_USER, counted over the apps the user owns: the
// owner is the tenant, so a collaborator's scale spends the owner's quota). Counted on the
// formation — the containers the user asked for — so a refusal comes before anything starts.
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { plural, quotaReached } from "./quota.ts";

export interface ContainerCounts {
  /** The app's formation quantities, by process type, before the change. */
  app: Record<string, number>;
  /** Everything the owner's apps ask for before the change (this app included), or null when exempt. */
  owner: number | null;
}

export interface ContainerLimits {
  perApp: number;
  perUser: number;
}

/**
 * Whether scaling `type` to `quantity` keeps within the limits; the reason when not. Pure.
 * Scaling down is always allowed, also when a lowered limit is already exceeded.
 */
export interface QuotaProblem {
  what: string;
  setting: string;
  advice: string;
}

export function containerQuotaProblem(counts: ContainerCounts, type: string, quantity: number, limits: ContainerLimits): QuotaProblem | null {
  const before = counts.app[type] ?? 0;
  const growth = quantity - before;
  if (growth <= 0) return null;
  const appTotal = Object.values(counts.app).reduce((a, b) => a + b, 0) + growth;
  if (appTotal > limits.perApp) {
    return {
      what: `that makes ${plural(appTotal, "container")} for this app, more than ${limits.perApp}`,
      setting: `BERTH_MAX_CONTAINERS_PER_APP=${limits.perApp}`,
      advice: "scale another process type down first",
    };
  }
  if (counts.owner !== null && counts.owner + growth > limits.perUser) {
    return {
      what: `that makes ${plural(counts.owner + growth, "container")} over the owner's apps, more than ${limits.perUser}`,
      setting: `BERTH_MAX_CONTAINERS_PER_USER=${limits.perUser}`,
      advice: "scale another app down first",
    };
  }
  return null;
}

/** Throws (422) when scaling the app's `type` to `quantity` would pass a container limit. */
export async function checkContainerQuota(
  app: { id: string; ownerId: string },
  change: { type: string; quantity: number; exempt: boolean },
  client: Pick<typeof db, "formation" | "user"> = db,
): Promise<void> {
  const rows = await client.formation.findMany({ where: { appId: app.id }, select: { type: true, quantity: true } });
  const owner = await client.user.findUnique({ where: { id: app.ownerId }, select: { isAdmin: true } });
  const exempt = change.exempt || !owner || owner.isAdmin;
  const ownerTotal = exempt ? null : ((await client.formation.aggregate({ where: { app: { ownerId: app.ownerId } }, _sum: { quantity: true } }))._sum.quantity ?? 0);
  const problem = containerQuotaProblem(
    { app: Object.fromEntries(rows.map((r) => [r.type, r.quantity])), owner: ownerTotal },
    change.type,
    change.quantity,
    { perApp: settings.maxContainersPerApp, perUser: settings.maxContainersPerUser },
  );
  if (problem) throw quotaReached(problem.what, problem.setting, problem.advice);
}
