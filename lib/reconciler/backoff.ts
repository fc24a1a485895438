// When a crashed container is restarted: at once the first time, then after 2 s, 4 s, 8 s, …
// up to 5 minutes. A container that ran for a minute before crashing starts a new streak.

export const MAX_BACKOFF_MS = 5 * 60_000;
export const STABLE_AFTER_MS = 60_000;

export interface CrashHistory {
  crashStreak: number;
  startedAt: Date | null;
}

export function nextCrash(history: CrashHistory, now: Date): { crashStreak: number; delayMs: number } {
  const ranFor = history.startedAt ? now.getTime() - history.startedAt.getTime() : 0;
  const crashStreak = ranFor >= STABLE_AFTER_MS ? 1 : history.crashStreak + 1;
  const delayMs = crashStreak <= 1 ? 0 : Math.min(1000 * 2 ** (crashStreak - 1), MAX_BACKOFF_MS);
  return { crashStreak, delayMs };
}
