// Containers, router backends and builds name their app; logs are kept per app id (a deleted
// app's name can be taken again, its log must not come back with it).
import { db } from "../../db.ts";

const TTL_MS = 30_000;
const MISSING_TTL_MS = 3000;
const cache = new Map<string, { id: string | null; until: number }>();
// Names come from container labels and router log lines, deleted apps' and unknown ones too: past
// this many, expired entries go, so the cache holds about what was seen in the last TTL.
const PRUNE_AT = 1000;

export async function appIdByName(name: string): Promise<string | null> {
  const hit = cache.get(name);
  if (hit && hit.until > Date.now()) return hit.id;
  const app = await db.app.findUnique({ where: { name }, select: { id: true } });
  if (cache.size >= PRUNE_AT) {
    const now = Date.now();
    for (const [key, entry] of cache) if (entry.until <= now) cache.delete(key);
  }
  cache.set(name, { id: app?.id ?? null, until: Date.now() + (app ? TTL_MS : MISSING_TTL_MS) });
  return app?.id ?? null;
}

/** The apps an add-on is attached to (its output goes to each of their logs). */
export async function appIdsOfAddon(name: string): Promise<string[]> {
  if (!name) return [];
  const addon = await db.addon.findUnique({ where: { name }, select: { attachments: { select: { appId: true } } } });
  return addon?.attachments.map((a: { appId: string }) => a.appId) ?? [];
}
