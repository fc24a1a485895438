// Copies each build's output (its own Redis stream, lib/builds/build-log.ts) into the app's log as
// `build` lines, from build start until its pipeline ends (the release is live or failed). Each
// build's position is stored with the lines it copied, so a restart repeats none.
import { db } from "../../db.ts";
import { connectRedis, redisKey } from "../../redis.ts";
import { isoTime, type LogLine } from "../log-line.ts";
import type { CollectorLease } from "./collector-lock.ts";
import { fencedAppend, readCursor } from "./fenced-append.ts";

/** Build logs stay in Redis an hour after they end; older builds have nothing left to copy. */
const LOOKBACK_MS = 60 * 60_000;
const DONE = "done";

const buildLogKey = (buildId: string) => redisKey("build-log", buildId);
const cursorKey = (buildId: string) => redisKey("logs", "build-cursor", buildId);

export function startBuildCopier(lease: CollectorLease): { stop: () => Promise<void> } {
  const reader = connectRedis();
  let stopped = false;
  /** build id → app id and the last stream id copied */
  const active = new Map<string, { appId: string; last: string }>();
  const done = new Set<string>();

  const refresh = async () => {
    const builds = await db.build.findMany({ where: { createdAt: { gte: new Date(Date.now() - LOOKBACK_MS) } }, select: { id: true, appId: true } });
    // Builds past the lookback (or deleted with their app) are no longer asked about.
    const recent = new Set(builds.map((b) => b.id));
    for (const id of active.keys()) if (!recent.has(id)) active.delete(id);
    for (const id of done) if (!recent.has(id)) done.delete(id);
    for (const b of builds) {
      if (active.has(b.id) || done.has(b.id)) continue;
      const cursor = await readCursor(cursorKey(b.id));
      if (cursor === DONE) done.add(b.id);
      else active.set(b.id, { appId: b.appId, last: cursor ?? "0" });
    }
  };

  const copy = async (buildId: string, state: { appId: string; last: string }, entries: Array<[string, string[]]>) => {
    const lines: LogLine[] = [];
    let ended = false;
    for (const [id, fields] of entries) {
      state.last = id;
      if (fields[0] === "end") {
        ended = true;
        break;
      }
      lines.push({ time: isoTime(new Date(Number(id.split("-")[0]))), source: "build", process: "build", text: fields[1] ?? "" });
    }
    await fencedAppend(lease, [state.appId], lines, { key: cursorKey(buildId), value: ended ? DONE : state.last });
    if (ended) {
      active.delete(buildId);
      done.add(buildId);
    }
  };

  const loop = async () => {
    let lastRefresh = 0;
    while (!stopped) {
      try {
        if (Date.now() - lastRefresh > 1000) {
          await refresh();
          lastRefresh = Date.now();
        }
        if (active.size === 0) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        const ids = [...active.keys()];
        const res = await reader.xread("COUNT", 500, "BLOCK", 1000, "STREAMS", ...ids.map(buildLogKey), ...ids.map((id) => active.get(id)!.last));
        for (const [key, entries] of res ?? []) {
          const buildId = key.slice(key.lastIndexOf(":") + 1);
          const state = active.get(buildId);
          if (state) await copy(buildId, state, entries);
        }
      } catch (err) {
        if (stopped) return;
        console.error(`log collector: copying build output failed, retrying: ${(err as Error).message}`);
        active.clear(); // positions are read again from Redis
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  const running = loop();

  return {
    stop: async () => {
      stopped = true;
      reader.disconnect();
      await running;
    },
  };
}
