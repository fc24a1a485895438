// Where the collector stopped reading a container, so a restarted collector neither loses nor
// repeats a line. Docker stamps every line with nanoseconds, and `since` is inclusive. Stamps are
// not strictly in file order, though: stdout and stderr are copied by two goroutines that take the
// time before they take the file's lock, so a line can land after one stamped a little later.
// So the resume point keeps the stamps of the lines stored in the last few milliseconds: a restart
// reads again from the oldest of them and skips exactly those already stored.

/** How far back out-of-order stamps are tolerated. */
const WINDOW_NS = 10_000_000n;
/** At most this many stamps are kept; under a flood the window shrinks to them. */
const MAX_STAMPS = 256;

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;
// Lines come by the thousand per second: the date part is parsed once per second seen.
let lastSecond = "";
let lastSecondNs = 0n;

/** Docker's RFC 3339 stamp (UTC, 0–9 fraction digits) → nanoseconds since the epoch. */
export function parseDockerTime(stamp: string): bigint | null {
  const m = STAMP.exec(stamp);
  if (!m) return null;
  if (m[1] !== lastSecond) {
    const ms = Date.parse(`${m[1]}Z`);
    if (Number.isNaN(ms)) return null;
    lastSecond = m[1]!;
    lastSecondNs = BigInt(ms) * 1_000_000n;
  }
  return lastSecondNs + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** Docker's stamp → the stored display form with microseconds, without a Date. */
export function displayStamp(stamp: string): string {
  const dot = stamp.indexOf(".");
  const fraction = dot === -1 ? "" : stamp.slice(dot + 1, -1);
  return `${stamp.slice(0, 19)}.${fraction.slice(0, 6).padEnd(6, "0")}Z`;
}

/** Nanoseconds → the stored display form with microseconds. */
export function displayTime(ns: bigint): string {
  const whole = new Date(Number(ns / 1_000_000_000n) * 1000).toISOString().slice(0, 19);
  return `${whole}.${((ns / 1000n) % 1_000_000n).toString().padStart(6, "0")}Z`;
}

/** Docker's `since` query value: seconds.nanoseconds. */
export const sinceParam = (ns: bigint) => `${ns / 1_000_000_000n}.${(ns % 1_000_000_000n).toString().padStart(9, "0")}`;

export class ResumePoint {
  /** Stamps of stored lines, ascending, all within WINDOW_NS of the newest. */
  private stamps: bigint[] = [];
  /** Stamps stored by an earlier collector that Docker will send again: skipped once each. */
  private replay = new Map<bigint, number>();
  /** Past this stamp nothing of the earlier collector's can come again. */
  private replayUntil = 0n;

  /** From the stored form; an empty or unreadable one starts at the beginning of the log. */
  static parse(stored: string | null | undefined): ResumePoint {
    const point = new ResumePoint();
    const [maxText, deltas = ""] = (stored ?? "").split(";");
    if (!maxText || !/^\d+$/.test(maxText)) return point;
    const max = BigInt(maxText);
    point.stamps = deltas === "" ? [max] : deltas.split(",").map((d) => max - BigInt(d)).sort(compare);
    for (const s of point.stamps) point.replay.set(s, (point.replay.get(s) ?? 0) + 1);
    point.replayUntil = max + WINDOW_NS;
    return point;
  }

  /** Where Docker should start sending: undefined = from the first line. */
  since(): string | undefined {
    return this.stamps.length ? sinceParam(this.stamps[0]!) : undefined;
  }

  /** Decides for one line from Docker: false when an earlier collector already stored it. */
  accept(ns: bigint): boolean {
    if (this.replay.size && ns > this.replayUntil) this.replay.clear();
    const left = this.replay.get(ns);
    if (left) {
      if (left === 1) this.replay.delete(ns);
      else this.replay.set(ns, left - 1);
      return false;
    }
    this.insert(ns);
    return true;
  }

  /** The stored form: newest stamp, then each kept stamp as its distance from it. */
  serialize(): string {
    this.prune();
    if (this.stamps.length === 0) return "";
    const max = this.stamps[this.stamps.length - 1]!;
    return `${max};${this.stamps.map((s) => (max - s).toString()).join(",")}`;
  }

  private insert(ns: bigint) {
    let i = this.stamps.length;
    while (i > 0 && this.stamps[i - 1]! > ns) i--;
    if (i === this.stamps.length) this.stamps.push(ns);
    else this.stamps.splice(i, 0, ns);
    // Pruned in bulk rather than at every line: lines come by the thousand per second.
    if (this.stamps.length > 4 * MAX_STAMPS) this.prune();
  }

  private prune() {
    if (this.stamps.length === 0) return;
    const max = this.stamps[this.stamps.length - 1]!;
    let drop = 0;
    while (drop < this.stamps.length && this.stamps[drop]! < max - WINDOW_NS) drop++;
    // Over the cap, drop every copy of the oldest stamps, so what is kept stays complete from its first stamp on.
    while (this.stamps.length - drop > MAX_STAMPS) {
      const oldest = this.stamps[drop]!;
      while (drop < this.stamps.length && this.stamps[drop] === oldest) drop++;
    }
    if (drop) this.stamps.splice(0, drop);
  }
}

const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
