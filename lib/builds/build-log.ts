// A build's output: lines appended to a Redis stream while the pipeline runs (so the push, the
// API and the dashboard follow it live), then kept as a file in the data directory.
import fs from "node:fs";
import { dataPath } from "../env.ts";
import { connectRedis, redis, redisKey } from "../redis.ts";

const key = (buildId: string) => redisKey("build-log", buildId);
const logFile = (buildId: string) => dataPath("builds", `${buildId}.log`);
const KEEP_STREAM_SECONDS = 3600;

export interface BuildLog {
  line(text: string): void;
  /** Resolves once every line given so far is stored. */
  flush(): Promise<void>;
}

/** A writer that keeps lines in order without making the build wait on each Redis round trip. */
export function buildLogWriter(buildId: string): BuildLog {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    line(text: string) {
      const clean = text.replace(/\r/g, "");
      chain = chain.then(() => redis().xadd(key(buildId), "*", "line", clean)).catch(() => undefined);
    },
    flush: () => chain.then(() => undefined),
  };
}

/** Marks the end of the pipeline's output and keeps a copy on disk. */
export async function endBuildLog(buildId: string, status: string): Promise<void> {
  const r = redis();
  await r.xadd(key(buildId), "*", "end", status);
  const entries = await r.xrange(key(buildId), "-", "+");
  const lines = entries.flatMap(([, fields]) => (fields[0] === "line" ? [fields[1] ?? ""] : []));
  fs.mkdirSync(dataPath("builds"), { recursive: true, mode: 0o700 });
  fs.writeFileSync(logFile(buildId), lines.join("\n") + "\n", { mode: 0o600 });
  await r.expire(key(buildId), KEEP_STREAM_SECONDS);
}

/** Yields the output from the start, following it live until the pipeline ends. */
export async function* followBuildLog(buildId: string, signal?: AbortSignal): AsyncGenerator<string> {
  const reader = connectRedis();
  try {
    let last = "0";
    if (!(await reader.exists(key(buildId)))) {
      if (fs.existsSync(logFile(buildId))) {
        for (const line of fs.readFileSync(logFile(buildId), "utf8").replace(/\n$/, "").split("\n")) yield line;
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
