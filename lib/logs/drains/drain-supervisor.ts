// Keeps one runner per log drain in the database: starts runners for new drains, stops those of
// removed ones, and starts a runner that failed (Redis away, a bug) again after a pause.
import { db } from "../../db.ts";
import { runDrain, type DrainRef } from "./drain-runner.ts";

const POLL_MS = 2000;
const RESTART_MS = 3000;

export function startDrains(): { stop: () => Promise<void> } {
  const runners = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const pausedUntil = new Map<string, number>();
  let stopped = false;

  const start = (drain: DrainRef) => {
    const abort = new AbortController();
    const done = runDrain(drain, abort.signal)
      .catch((err) => {
        console.error(`log drain ${drain.id} of ${drain.appName} stopped, restarting: ${(err as Error).message}`);
        pausedUntil.set(drain.id, Date.now() + RESTART_MS);
      })
      .finally(() => runners.delete(drain.id));
    runners.set(drain.id, { abort, done });
  };

  const poll = async () => {
    const rows = await db.logDrain.findMany({ include: { app: { select: { name: true } } } });
    const wanted = new Set(rows.map((r) => r.id));
    for (const [id, runner] of runners) if (!wanted.has(id)) runner.abort.abort();
    for (const r of rows) {
      if (runners.has(r.id) || (pausedUntil.get(r.id) ?? 0) > Date.now()) continue;
      start({ id: r.id, appId: r.appId, appName: r.app.name, sealedUrl: r.url, displayUrl: r.displayUrl });
    }
  };

  const loop = (async () => {
    while (!stopped) {
      await poll().catch((err) => console.error(`log drains: reading the drains failed: ${(err as Error).message}`));
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      for (const runner of runners.values()) runner.abort.abort();
      await Promise.allSettled([loop, ...[...runners.values()].map((r) => r.done)]);
    },
  };
}
