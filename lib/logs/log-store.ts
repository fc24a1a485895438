// An app's log: one capped Redis stream per app, in the spirit of Heroku's logplex. Writers add
// lines; readers take the recent ones and then follow new ones, each on its own connection.
import type { Redis } from "ioredis";
import { settings } from "../env.ts";
import { connectRedis, redis } from "../redis.ts";
import { lineFields, lineFromEntry, logStreamKey, type LogLine, type StoredLogLine } from "./log-line.ts";

export type LineFilter = (line: StoredLogLine) => boolean;
const everything: LineFilter = () => true;

/** Appends lines in order. Trimming is approximate (whole Redis nodes), so slightly more are kept. */
export async function appendLines(appId: string, lines: LogLine[]): Promise<void> {
  if (lines.length === 0) return;
  const pipeline = redis().pipeline();
  for (const line of lines) pipeline.xadd(logStreamKey(appId), "MAXLEN", "~", settings.logLines, "*", ...lineFields(line));
  const results = (await pipeline.exec()) ?? [];
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
}

/** The newest `count` lines up to `upTo` (an id, inclusive) that pass `filter`, oldest first. */
export async function recentLines(appId: string, count: number, filter: LineFilter = everything, upTo = "+"): Promise<StoredLogLine[]> {
  const found: StoredLogLine[] = [];
  let end = upTo;
  const page = Math.min(Math.max(count * 2, 200), 2000);
  while (found.length < count && end !== "0-0") {
    const entries = await redis().xrevrange(logStreamKey(appId), end, "-", "COUNT", page);
    for (const [id, fields] of entries) {
      const line = lineFromEntry(id, fields);
      if (filter(line)) found.push(line);
      if (found.length === count) break;
    }
    if (entries.length < page) break;
    end = `(${entries[entries.length - 1]![0]}`;
  }
  return found.reverse();
}

/** The id of the newest line ("0-0" for an empty log): following from it yields only new lines. */
export async function newestLogId(appId: string): Promise<string> {
  const [entry] = await redis().xrevrange(logStreamKey(appId), "+", "-", "COUNT", 1);
  return entry?.[0] ?? "0-0";
}

/** The id of the oldest line still kept, or null for an empty log. */
export async function oldestLogId(appId: string): Promise<string | null> {
  const [entry] = await redis().xrange(logStreamKey(appId), "-", "+", "COUNT", 1);
  return entry?.[0] ?? null;
}

export interface FollowOptions {
  /** Yield lines after this id. */
  after: string;
  filter?: LineFilter;
  signal?: AbortSignal;
  /** Called when nothing arrived for this long, e.g. to keep a connection alive. */
  idleMs?: number;
  onIdle?: () => void;
  count?: number;
}

/** Yields every line after `after`, as it arrives, until the signal aborts. Uses its own connection. */
export async function* followLines(appId: string, opts: FollowOptions): AsyncGenerator<StoredLogLine> {
  const reader: Redis = connectRedis();
  const stop = () => reader.disconnect();
  opts.signal?.addEventListener("abort", stop, { once: true });
  try {
    let last = opts.after;
    const filter = opts.filter ?? everything;
    while (!opts.signal?.aborted) {
      let res;
      try {
        res = await reader.xread("COUNT", opts.count ?? 500, "BLOCK", opts.idleMs ?? 15_000, "STREAMS", logStreamKey(appId), last);
      } catch (err) {
        if (opts.signal?.aborted) return;
        throw err;
      }
      if (!res) {
        opts.onIdle?.();
        continue;
      }
      for (const [, entries] of res) {
        for (const [id, fields] of entries) {
          last = id;
          const line = lineFromEntry(id, fields);
          if (filter(line)) yield line;
        }
      }
    }
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    reader.disconnect();
  }
}

export async function deleteLog(appId: string): Promise<void> {
  await redis().del(logStreamKey(appId));
}
