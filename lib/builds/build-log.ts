// A build's output: lines appended to a Redis stream while the pipeline runs (so the push, the
// API and the dashboard follow it live), then kept as a file in the data directory.
//
// Bounded per build (BERTH_MAX_BUILD_LOG_LINES, BERTH_MAX_BUILD_LOG_MB): past either bound one
// line says the output was truncated and the rest is dropped while the build goes on. The count
// lives in Redis next to the stream, shared by every writer of the build (the build, then its
// deploy), and is checked in the same script that appends. What Berth says at the end (the
// build's outcome, the release) must still be seen, so each writer keeps the last few lines it
// dropped and appends them when flushed.
import fs from "node:fs";
import readline from "node:readline";
import { dataPath, settings } from "../env.ts";
import { connectRedis, redis, redisKey } from "../redis.ts";

const key = (buildId: string) => redisKey("build-log", buildId);
const countKey = (buildId: string) => redisKey("build-log-size", buildId);
const logFile = (buildId: string) => dataPath("builds", `${buildId}.log`);
const KEEP_STREAM_SECONDS = 3600;
/** The counters outlive any pipeline; they only bound what is appended. */
const COUNT_TTL_SECONDS = 24 * 3600;
/** Lines kept from after the truncation, per writer, and how much of each. */
const TAIL_LINES = 20;
const TAIL_LINE_CHARS = 2000;
const FILE_PAGE = 1000;

export interface BuildLog {
  line(text: string): void;
  /** Resolves once every line given so far is stored. */
  flush(): Promise<void>;
}

export interface BuildLogLimits {
  lines: number;
  bytes: number;
}

// KEYS: stream, counters. ARGV: line, max lines, max bytes, notice for lines, notice for bytes.
// Returns 1 appended, 0 dropped.
const APPEND = `
if redis.call('HEXISTS', KEYS[2], 'truncated') == 1 then
  redis.call('HINCRBY', KEYS[2], 'dropped', 1)
  return 0
end
local lines = redis.call('HINCRBY', KEYS[2], 'lines', 1)
local bytes = redis.call('HINCRBY', KEYS[2], 'bytes', #ARGV[1])
if lines == 1 then redis.call('EXPIRE', KEYS[2], ${COUNT_TTL_SECONDS}) end
if lines <= tonumber(ARGV[2]) and bytes <= tonumber(ARGV[3]) then
  redis.call('XADD', KEYS[1], '*', 'line', ARGV[1])
  return 1
end
redis.call('HSET', KEYS[2], 'truncated', 1)
redis.call('HINCRBY', KEYS[2], 'dropped', 1)
local notice = lines > tonumber(ARGV[2]) and ARGV[4] or ARGV[5]
redis.call('XADD', KEYS[1], '*', 'line', notice)
return 0`;

/** The one line a truncated log carries where it was cut. Pure. */
export function truncationNotices(limits: BuildLogLimits): { lines: string; bytes: string } {
  const mib = Math.round((limits.bytes / 1024 / 1024) * 10) / 10;
  const rest = "the rest of the output is not kept while the build goes on";
  return {
    lines: ` !     Output truncated after ${limits.lines} lines, the limit on this Berth (BERTH_MAX_BUILD_LOG_LINES); ${rest}`,
    bytes: ` !     Output truncated after ${mib} MiB, the limit on this Berth (BERTH_MAX_BUILD_LOG_MB); ${rest}`,
  };
}

/** Keeps the last `size` lines given (each cut to a bounded length). Pure. */
export function lastLines(size: number) {
  const kept: string[] = [];
  let seen = 0;
  return {
    add(line: string) {
      seen++;
      kept.push(line.length > TAIL_LINE_CHARS ? `${line.slice(0, TAIL_LINE_CHARS)}…` : line);
      if (kept.length > size) kept.shift();
    },
    /** The kept lines and how many given before them were not kept; empties it. */
    take(): { lines: string[]; skipped: number } {
      const lines = kept.splice(0);
      const skipped = seen - lines.length;
      seen = 0;
      return { lines, skipped };
    },
  };
}

/** A writer that keeps lines in order without making the build wait on each Redis round trip. */
export function buildLogWriter(buildId: string, limits: BuildLogLimits = { lines: settings.maxBuildLogLines, bytes: settings.maxBuildLogBytes }): BuildLog {
  const notices = truncationNotices(limits);
  const tail = lastLines(TAIL_LINES);
  let dropping = false;
  let chain: Promise<unknown> = Promise.resolve();
  const append = (clean: string) =>
    redis()
      .eval(APPEND, 2, key(buildId), countKey(buildId), clean, limits.lines, limits.bytes, notices.lines, notices.bytes)
      .then((kept) => {
        if (kept === 0) {
          dropping = true;
          tail.add(clean);
        }
      });
  return {
    line(text: string) {
      const clean = text.replace(/\r/g, "");
      // Once Redis has said "full", later lines go straight to the tail: no round trip each.
      chain = chain.then(() => (dropping ? tail.add(clean) : append(clean))).catch(() => undefined);
    },
    flush: () => {
      // The kept tail goes out in order after every line given before the flush.
      chain = chain.then(() => appendTail(buildId, tail.take())).catch(() => undefined);
      return chain.then(() => undefined);
    },
  };
}

async function appendTail(buildId: string, { lines, skipped }: { lines: string[]; skipped: number }): Promise<void> {
  if (lines.length === 0) return;
  const r = redis().multi();
  if (skipped > 0) r.xadd(key(buildId), "*", "line", `       … ${skipped} more line${skipped === 1 ? "" : "s"} not kept; the last ${lines.length}:`);
  for (const line of lines) r.xadd(key(buildId), "*", "line", line);
  await r.exec();
}

/** Marks the end of the pipeline's output and keeps a copy on disk, read from Redis a page at a time. */
export async function endBuildLog(buildId: string, status: string): Promise<void> {
  const r = redis();
  await r.xadd(key(buildId), "*", "end", status);
  fs.mkdirSync(dataPath("builds"), { recursive: true, mode: 0o700 });
  const partial = `${logFile(buildId)}.${process.pid}.tmp`;
  const fd = fs.openSync(partial, "w", 0o600);
  try {
    let start = "-";
    for (;;) {
      const entries = await r.xrange(key(buildId), start, "+", "COUNT", FILE_PAGE);
      const text = entries.flatMap(([, fields]) => (fields[0] === "line" ? [`${fields[1] ?? ""}\n`] : [])).join("");
      if (text) fs.writeSync(fd, text);
      if (entries.length < FILE_PAGE) break;
      start = `(${entries[entries.length - 1]![0]}`;
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, logFile(buildId));
  await r.expire(key(buildId), KEEP_STREAM_SECONDS);
  await r.expire(countKey(buildId), KEEP_STREAM_SECONDS);
}

/** Yields the output from the start, following it live until the pipeline ends. */
export async function* followBuildLog(buildId: string, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = connectRedis();
  try {
    let last = "0";
    if (!(await reader.exists(key(buildId)))) {
      if (fs.existsSync(logFile(buildId))) {
        // Line by line from the file: a long log is never read into memory whole.
        const lines = readline.createInterface({ input: fs.createReadStream(logFile(buildId), "utf8"), crlfDelay: Infinity });
        try {
          for await (const line of lines) {
            if (signal?.aborted) return;
            yield line;
          }
        } finally {
          lines.close();
        }
        return;
      }
    }
    while (!signal?.aborted) {
      const res = await reader.xread("COUNT", 500, "BLOCK", 2000, "STREAMS", key(buildId), last);
      if (!res) continue;
      for (const [, entries] of res) {
        for (const [id, fields] of entries) {
          last = id;
          if (fields[0] === "end") return;
          yield fields[1] ?? "";
        }
      }
    }
  } finally {
    reader.disconnect();
  }
}
