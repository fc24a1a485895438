// Requests seen by the router for one app during one sample: count, status classes, and a
// histogram of response times from which p50/p95 are read. Histograms add up, so a minute's
// percentiles come from its six 10-second windows exactly, not from averaged percentiles.

const LINEAR_MS = 100; // exact to the millisecond below this
const GROWTH = 1.05; // then buckets 5 % wide

const bucketOf = (ms: number) => (ms < LINEAR_MS ? Math.max(0, Math.floor(ms)) : LINEAR_MS + Math.floor(Math.log(ms / LINEAR_MS) / Math.log(GROWTH)));
const upperOf = (bucket: number) => (bucket < LINEAR_MS ? bucket : Math.round(LINEAR_MS * GROWTH ** (bucket - LINEAR_MS + 1)));

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx";

export class RequestWindow {
  count = 0;
  status: Record<StatusClass, number> = { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 };
  private buckets = new Map<number, number>();

  /** A request with its HTTP status (anything but 1xx–5xx, e.g. -1 for a dropped one, counts as 5xx). */
  add(status: number, totalMs: number): void {
    this.count++;
    const cls = status >= 100 && status < 600 ? (`${Math.floor(status / 100)}xx` as StatusClass) : "5xx";
    this.status[cls]++;
    const b = bucketOf(totalMs);
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
  }

  merge(other: RequestWindow): void {
    this.count += other.count;
    for (const k of Object.keys(this.status) as StatusClass[]) this.status[k] += other.status[k];
    for (const [b, n] of other.buckets) this.buckets.set(b, (this.buckets.get(b) ?? 0) + n);
  }

  /** The response time under which a fraction q of requests finished (ms), null with no requests. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b)!;
      if (seen >= rank) return upperOf(b);
    }
    return null;
  }
}

/** Every app's window since the last `take`, filled from router log lines. */
export class RequestTally {
  private windows = new Map<string, RequestWindow>();

  add(appId: string, status: number, totalMs: number): void {
    let w = this.windows.get(appId);
    if (!w) this.windows.set(appId, (w = new RequestWindow()));
    w.add(status, totalMs);
  }

  /** The windows so far; counting starts afresh. */
  take(): Map<string, RequestWindow> {
    const taken = this.windows;
    this.windows = new Map();
    return taken;
  }
}
