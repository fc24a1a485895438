// The autoscaler, in the workers process: every sampling interval, each formation with autoscale
// settings is decided on (decide-autoscale.ts) from the app's recent samples, and a change goes
// the way a hand scale goes — the formation row, then a converge job (the zero-drop rollout),
// which records the reason in the app's log and so in its activity feed.
// Safe with several workers processes: each formation is claimed in Redis for one tick, and the
// quantity is written only if it is still the one decided from (compare-and-set).
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { checkContainerQuota } from "../limits/container-quota.ts";
import { startAlignedTicker, type Ticker } from "../metrics/aligned-ticker.ts";
import { readSamples } from "../metrics/metrics-store.ts";
import { enqueueConverge } from "../queue/queues.ts";
import { redis, redisKey } from "../redis.ts";
import { scheduler } from "../scheduler/index.ts";
import { readAutoscale } from "./autoscale-settings.ts";
import { decideAutoscale, type AutoscaleDecision, type AutoscaleInput } from "./decide-autoscale.ts";

/** After each sample is stored (the sampler runs on the interval's boundary). */
const AFTER_SAMPLE_MS = 2_000;
/** When a formation was last scaled is kept this long; past the cool-down it no longer matters. */
const LAST_SCALE_KEEP_MS = 24 * 60 * 60_000;

const lastScaleKey = (appId: string, type: string) => redisKey("autoscale", "last", appId, type);

/** Tells the autoscaler a formation was just scaled (by hand too) or is being deployed: its windows start again. */
export async function noteScaled(appId: string, type: string, at = Date.now()): Promise<void> {
  await redis().set(lastScaleKey(appId, type), String(at), "PX", LAST_SCALE_KEEP_MS);
}

type Row = { id: string; appId: string; type: string; quantity: number; size: string; autoscale: string | null; app: { id: string; name: string; ownerId: string; deployLock: string | null } };

/** Decides on one formation and applies the decision; returns it (for the log and the tests). */
export async function autoscaleFormation(row: Row, now = Date.now()): Promise<AutoscaleDecision | null> {
  const autoscale = readAutoscale(row.autoscale);
  if (!autoscale) return null;
  // What was measured while containers came and went says little about the ones that follow:
  // the up window and the cool-down count from the end of a deploy, scale or restart.
  if (row.app.deployLock !== null) await noteScaled(row.appId, row.type, now);
  const timing = { intervalMs: settings.metricsIntervalMs, upAfterMs: settings.autoscaleUpAfterMs, cooldownMs: settings.autoscaleCooldownMs };
  const [samples, last] = await Promise.all([
    readSamples(row.appId, "10s", now - Math.max(timing.cooldownMs, timing.upAfterMs) - timing.intervalMs),
    redis().get(lastScaleKey(row.appId, row.type)),
  ]);
  const input: AutoscaleInput = {
    type: row.type,
    settings: autoscale,
    quantity: row.quantity,
    samples,
    now,
    lastScaleAt: last === null ? null : Number(last),
    deploying: row.app.deployLock !== null,
    fits: { quantity: autoscale.max, because: "" },
    timing,
  };
  let decision = decideAutoscale(input);
  if (decision.action === "scale" && decision.quantity > row.quantity) {
    // Only growth needs room: asked of the scheduler and the container limits for the decided
    // quantity, then one fewer, down to the quantity there is.
    const fits = await roomFor(row, decision.quantity);
    if (fits.quantity < decision.quantity) decision = decideAutoscale({ ...input, fits });
  }
  if (decision.action !== "scale") return decision;
  const written = await db.formation.updateMany({ where: { id: row.id, quantity: row.quantity, autoscale: row.autoscale }, data: { quantity: decision.quantity } });
  if (written.count === 0) return { action: "keep", reason: "the formation changed meanwhile" };
  await noteScaled(row.appId, row.type, now);
  await enqueueConverge({ appId: row.appId, reason: decision.reason });
  return decision;
}

/** The most containers of the row's type, up to `wanted`, that the hosts and the container limits take. */
async function roomFor(row: Row, wanted: number): Promise<{ quantity: number; because: string }> {
  const others = await db.formation.findMany({ where: { appId: row.appId, NOT: { type: row.type } } });
  let because = "";
  for (let n = wanted; n > row.quantity; n--) {
    const formation = [...others, { type: row.type, size: row.size, quantity: n }];
    try {
      await checkContainerQuota(row.app, { type: row.type, quantity: n, exempt: false });
      await scheduler().assertFits(row.appId, formation.flatMap((f) => Array.from({ length: f.quantity }, (_, i) => ({ type: f.type, size: f.size, label: `${f.type}.${i + 1}` }))));
      return { quantity: n, because: because || `${wanted} would not fit` };
    } catch (err) {
      if (!(err instanceof BerthError) || err.code !== "invalid") throw err;
      because ||= `${wanted} would not fit: ${err.message}`;
    }
  }
  return { quantity: row.quantity, because: because || "no room for more" };
}

/** One tick: every autoscaled formation this process claims. A failure on one app does not stop the others. */
export async function autoscaleTick(now = Date.now()): Promise<void> {
  const tick = Math.floor(now / settings.metricsIntervalMs);
  const rows = await db.formation.findMany({
    where: { autoscale: { not: null } },
    include: { app: { select: { id: true, name: true, ownerId: true, deployLock: true } } },
  });
  for (const row of rows) {
    const claimed = await redis().set(redisKey("autoscale", "tick", row.id, String(tick)), "1", "PX", settings.metricsIntervalMs * 3, "NX");
    if (!claimed) continue; // another workers process has this formation for this tick
    try {
      const decision = await autoscaleFormation(row, now);
      if (decision?.action === "scale") console.log(`[${row.app.name}] ${decision.reason}`);
    } catch (err) {
      console.error(`[${row.app.name}] autoscaler: ${row.type} not decided: ${(err as Error).message}`);
    }
  }
}

export function startAutoscaler(intervalMs = settings.metricsIntervalMs): Ticker {
  return startAlignedTicker("autoscaler: tick", intervalMs, AFTER_SAMPLE_MS, autoscaleTick);
}
