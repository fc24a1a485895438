// Delivers one drain: reads the app's log from the drain's own position, sends batches, and moves
// the position only after the receiver took them. A failing drain is retried with backoff and its
// error recorded; it reads on its own connection, so it never slows the app, the log or another
// drain. Delivery is at-least-once: a collector killed between a send and storing the position
// sends that batch again.
import { db } from "../../db.ts";
import { unseal } from "../../crypto/secret-box.ts";
import { redis } from "../../redis.ts";
import { logStreamKey, type LogLine, type StoredLogLine } from "../log-line.ts";
import { followLines, oldestLogId } from "../log-store.ts";
import { recordEvent } from "../record-event.ts";
import { drainCursorKey, drainFailingKey } from "./drains.ts";
import { syslogFrames } from "./syslog-frame.ts";
import { drainTransport } from "./transports.ts";

const BATCH = 500;
const MAX_BACKOFF_MS = 60_000;
/** Delivered counts reach the database at most this often. */
const COUNT_EVERY_MS = 1000;

export interface DrainRef {
  id: string;
  appId: string;
  appName: string;
  sealedUrl: string;
  displayUrl: string;
}

export async function runDrain(drain: DrainRef, signal: AbortSignal): Promise<void> {
  const transport = drainTransport(new URL(unseal(drain.sealedUrl)), drain.id);
  let cursor = (await redis().get(drainCursorKey(drain.id))) ?? "0-0";
  let failures = 0;
  let uncounted = 0;
  let countedAt = Date.now();
  const batch: Array<{ id: string; line: LogLine }> = [];

  const deliver = async () => {
    while (batch.length && !signal.aborted) {
      const lines = batch.slice(0, BATCH);
      try {
        await transport.send(syslogFrames(drain.appName, lines.map((b) => b.line)), lines.length);
      } catch (err) {
        failures++;
        const delay = Math.min(1000 * 2 ** (failures - 1), MAX_BACKOFF_MS);
        await noteFailure(drain, (err as Error).message, failures, delay);
        await sleep(delay, signal);
        continue;
      }
      batch.splice(0, lines.length);
      cursor = lines[lines.length - 1]!.id;
      await redis().set(drainCursorKey(drain.id), cursor);
      if (failures) {
        await redis().del(drainFailingKey(drain.id));
        await noteDroppedLines(drain, cursor);
      }
      failures = 0;
      uncounted += lines.length;
      if (Date.now() - countedAt >= COUNT_EVERY_MS) {
        await db.logDrain.updateMany({ where: { id: drain.id }, data: { delivered: { increment: uncounted } } });
        uncounted = 0;
        countedAt = Date.now();
      }
    }
  };

  try {
    await noteDroppedLines(drain, cursor);
    // Lines are taken in batches of whatever is waiting; delivery happens when the read goes idle
    // or a batch is full, so a busy app's drain gets full batches and a quiet one gets each line at once.
    const lines = followLines(drain.appId, { after: cursor, signal, idleMs: 5000, count: BATCH });
    let pending: Promise<IteratorResult<StoredLogLine>> | null = null;
    // One timer per batch (not per line): a batch goes out 20 ms after its first line at the latest.
    let due: Promise<null> | null = null;
    while (!signal.aborted) {
      pending ??= lines.next();
      if (batch.length) due ??= sleep(20, signal).then(() => null);
      const next = due ? await Promise.race([pending, due]) : await pending;
      if (next === null) {
        due = null;
        await deliver();
        continue;
      }
      pending = null;
      if (next.done) break;
      const { id, ...line } = next.value;
      batch.push({ id, line });
      if (batch.length >= BATCH) {
        due = null;
        await deliver();
      }
    }
  } finally {
    if (uncounted) await db.logDrain.updateMany({ where: { id: drain.id }, data: { delivered: { increment: uncounted } } }).catch(() => undefined);
    transport.close();
  }
}

async function noteFailure(drain: DrainRef, message: string, failures: number, delayMs: number): Promise<void> {
  const previous = await redis().getset(drainFailingKey(drain.id), message);
  await db.logDrain.updateMany({ where: { id: drain.id }, data: { lastError: message, lastErrorAt: new Date() } });
  // Said once per streak of failures (and when the reason changes), not at every retry.
  if (failures === 1 || previous !== message) await recordEvent(drain.appId, `drain ${drain.displayUrl} failed: ${message}; retrying in ${Math.round(delayMs / 1000)} s`, "drain");
}

/** A drain that fell further behind than the log keeps has missed lines: said, not hidden. */
async function noteDroppedLines(drain: DrainRef, cursor: string): Promise<void> {
  const oldest = await oldestLogId(drain.appId);
  if (!oldest || cursor === "0-0" || compareIds(oldest, cursor) <= 0) return;
  const kept = await redis().xrange(logStreamKey(drain.appId), cursor, cursor);
  if (kept.length) return;
  const message = "some lines were dropped: the drain fell further behind than the app's log keeps";
  await db.logDrain.updateMany({ where: { id: drain.id }, data: { lastError: message, lastErrorAt: new Date() } });
}

function compareIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split("-").map(BigInt);
  const [bm = 0n, bs = 0n] = b.split("-").map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
