// A deleted app's log goes with it: its stream is removed once its app row is gone.
import { db } from "../../db.ts";
import { redis } from "../../redis.ts";
import { LOG_STREAM_PATTERN } from "../log-line.ts";

export async function pruneDeletedAppLogs(): Promise<number> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis().scan(cursor, "MATCH", LOG_STREAM_PATTERN(), "COUNT", 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return 0;
  const ids = keys.map((k) => k.slice(k.lastIndexOf(":") + 1));
  const live = new Set((await db.app.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id));
  const gone = keys.filter((_, i) => !live.has(ids[i]!));
  if (gone.length) await redis().del(...gone);
  return gone.length;
}
