import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_BACKOFF_MS, nextCrash } from "./backoff.ts";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

test("the first crash restarts at once, then the delay doubles up to five minutes", () => {
  const delays: number[] = [];
  let history = { crashStreak: 0, startedAt: ago(1000) };
  for (let i = 0; i < 12; i++) {
    const next = nextCrash(history, now);
    delays.push(next.delayMs);
    history = { crashStreak: next.crashStreak, startedAt: ago(1000) };
  }
  assert.deepEqual(delays, [0, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
});

test("a container that ran for a minute starts a new streak", () => {
  assert.deepEqual(nextCrash({ crashStreak: 7, startedAt: ago(61_000) }, now), { crashStreak: 1, delayMs: 0 });
  assert.deepEqual(nextCrash({ crashStreak: 7, startedAt: ago(59_000) }, now), { crashStreak: 8, delayMs: 128_000 });
  assert.deepEqual(nextCrash({ crashStreak: 0, startedAt: null }, now), { crashStreak: 1, delayMs: 0 });
});
