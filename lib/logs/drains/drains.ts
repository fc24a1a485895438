// An app's log drains: add, list, remove. Delivery is the collector's (drain-runner.ts); here the
// URL is validated, stored sealed, and the drain's start position set to the newest line, so it
// forwards every line from the moment it was added. A drain may not point at this machine or the
// networks behind it (drain-target.ts).
import { db } from "../../db.ts";
import type { Actor } from "../../auth/users.ts";
import { findApp } from "../../apps/apps.ts";
import { seal, unseal } from "../../crypto/secret-box.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { redis, redisKey } from "../../redis.ts";
import { newestLogId } from "../log-store.ts";
import { drainInput, maskDrainUrl } from "./drain-url.ts";
import { assertDrainHostAllowed } from "./drain-target.ts";

const MAX_DRAINS = 10;

export const drainCursorKey = (drainId: string) => redisKey("logs", "drain-cursor", drainId);
/** Set while a drain fails, with what failed; removed by its next delivery. */
export const drainFailingKey = (drainId: string) => redisKey("logs", "drain-failing", drainId);

export interface DrainView {
  id: string;
  url: string;
  state: "delivering" | "failing";
  delivered: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
}

type DrainRow = Awaited<ReturnType<typeof db.logDrain.findMany>>[number];

async function view(row: DrainRow): Promise<DrainView> {
  const failing = await redis().exists(drainFailingKey(row.id));
  return {
    id: row.id,
    url: row.displayUrl,
    state: failing ? "failing" : "delivering",
    delivered: row.delivered,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    createdAt: row.createdAt,
  };
}

export async function listDrains(actor: Actor, appName: string): Promise<DrainView[]> {
  const app = await findApp(actor, appName);
  const rows = await db.logDrain.findMany({ where: { appId: app.id }, orderBy: { createdAt: "asc" } });
  return Promise.all(rows.map(view));
}

export async function addDrain(actor: Actor, appName: string, body: unknown): Promise<DrainView> {
  const app = await findApp(actor, appName);
  const { url } = drainInput.parse(body);
  await assertDrainHostAllowed(new URL(url));
  const existing = await db.logDrain.findMany({ where: { appId: app.id } });
  if (existing.length >= MAX_DRAINS) throw invalid(`${app.name} already has ${MAX_DRAINS} drains; remove one first`);
  if (existing.some((d) => unseal(d.url) === url)) throw conflict(`${app.name} already drains to ${maskDrainUrl(url)}`);
  const start = await newestLogId(app.id);
  const row = await db.logDrain.create({ data: { appId: app.id, url: seal(url), displayUrl: maskDrainUrl(url) } });
  await redis().set(drainCursorKey(row.id), start);
  return view(row);
}

export async function removeDrain(actor: Actor, appName: string, drainId: string): Promise<void> {
  const app = await findApp(actor, appName);
  const removed = await db.logDrain.deleteMany({ where: { id: drainId, appId: app.id } });
  if (removed.count === 0) throw notFound(`${app.name} has no drain ${drainId}`);
  await redis().del(drainCursorKey(drainId), drainFailingKey(drainId));
}
