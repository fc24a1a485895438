// What a deleted app leaves in Redis goes with it: its log stream once its app row is gone, and
// the positions of drains that were deleted with it.
import { db } from "../../db.ts";
import { redis, redisKey } from "../../redis.ts";
import { LOG_STREAM_PATTERN } from "../log-line.ts";

async function keysMatching(pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis().scan(cursor, "MATCH", pattern, "COUNT", 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

/** Removes the keys whose id (their last part) `exists` no longer finds; returns how many. */
async function pruneKeys(pattern: string, exists: (ids: string[]) => Promise<Set<string>>): Promise<number> {
  const keys = await keysMatching(pattern);
  if (keys.length === 0) return 0;
  const ids = keys.map((k) => k.slice(k.lastIndexOf(":") + 1));
  const live = await exists(ids);
  const gone = keys.filter((_, i) => !live.has(ids[i]!));
  if (gone.length) await redis().del(...gone);
  return gone.length;
}

export async function pruneDeletedAppLogs(): Promise<number> {
  const apps = async (ids: string[]) => new Set((await db.app.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id));
  const drains = async (ids: string[]) => new Set((await db.logDrain.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((d) => d.id));
  return (
    (await pruneKeys(LOG_STREAM_PATTERN(), apps)) +
    (await pruneKeys(redisKey("logs", "drain-cursor", "*"), drains)) +
    (await pruneKeys(redisKey("logs", "drain-failing", "*"), drains))
  );
}
