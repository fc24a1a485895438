// A job that runs on the wall clock's multiples of an interval (plus an offset), one run at a
// time: the next waits for the last to end. The metrics sampler and the autoscaler both tick so,
// the autoscaler a little after each sample.
export interface Ticker {
  /** Stops ticking and waits for a run in progress to end. */
  stop: () => Promise<void>;
}

export function startAlignedTicker(what: string, intervalMs: number, offsetMs: number, run: () => Promise<void>): Ticker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const wait = intervalMs - ((Date.now() - offsetMs) % intervalMs);
    timer = setTimeout(() => {
      running = run()
        .catch((err) => console.error(`${what} failed: ${(err as Error).message}`))
        .finally(() => {
          running = null;
          schedule();
        });
    }, wait);
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
