// Follows one container's output into its app's log, from where the last collector stopped.
// Lines are written as soon as the previous write returned, in batches of whatever arrived
// meanwhile: low latency when quiet, few round trips under a flood.
import { runtimeFor, type HostRef } from "../../docker/container-runtime.ts";
import { settings } from "../../env.ts";
import { redisKey } from "../../redis.ts";
import type { LogLine, LogSource } from "../log-line.ts";
import { displayStamp, parseDockerTime, ResumePoint } from "../resume-point.ts";
import type { CollectorLease } from "./collector-lock.ts";
import { FrameSplitter } from "./docker-frames.ts";
import { fencedAppend, readCursor } from "./fenced-append.ts";

export interface FollowTarget {
  host: HostRef;
  dockerId: string;
  /** The apps whose log gets the lines: one for an app's process, every attached app for an add-on. Kept up to date by the caller. */
  appIds: string[];
  source: LogSource;
  process: string;
}

const BATCH = 500;
/** Reading from Docker pauses while this many lines wait for Redis. */
const HIGH_WATER = 5000;

export const containerCursorKey = (dockerId: string) => redisKey("logs", "cursor", dockerId);

/**
 * Resolves when the container's output ended (it stopped) and every line is stored; rejects on
 * any failure — the caller starts again from the stored resume point, so nothing is lost.
 */
export async function followContainer(lease: CollectorLease, target: FollowTarget, signal: AbortSignal): Promise<void> {
  const cursorKey = containerCursorKey(target.dockerId);
  const point = ResumePoint.parse(await readCursor(cursorKey));
  const since = point.since();
  // A container never read before (an upgrade, a long outage) starts at the lines the log would keep anyway.
  const stream = await runtimeFor(target.host).followLogs(target.dockerId, { since, tail: since === undefined ? settings.logLines : undefined, signal });
  const frames = new FrameSplitter();
  const pending: Array<{ ns: bigint; stamp: string; text: string }> = [];
  let writing: Promise<void> | null = null;
  let failure: unknown = null;

  const writeAll = async () => {
    while (pending.length) {
      const batch = pending.splice(0, BATCH);
      const lines: LogLine[] = [];
      for (const { ns, stamp, text } of batch) {
        if (point.accept(ns)) lines.push({ time: displayStamp(stamp), source: target.source, process: target.process, text });
      }
      await fencedAppend(lease, target.appIds, lines, { key: cursorKey, value: point.serialize() });
      if (pending.length < HIGH_WATER / 2) stream.resume();
    }
  };
  const kick = () => {
    writing ??= writeAll()
      .catch((err) => {
        failure = err;
        (stream as unknown as { destroy: (e?: Error) => void }).destroy();
      })
      .finally(() => {
        writing = null;
        if (pending.length && !failure) kick();
      });
  };

  await new Promise<void>((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => {
      for (const message of frames.push(chunk)) {
        const ns = parseDockerTime(message.stamp);
        if (ns !== null) pending.push({ ns, stamp: message.stamp, text: message.text });
      }
      if (pending.length >= HIGH_WATER) stream.pause();
      if (pending.length) kick();
    });
    stream.on("end", () => resolve());
    stream.on("close", () => resolve());
    stream.on("error", (err: Error) => (signal.aborted ? resolve() : reject(err)));
  });
  while (writing) await writing;
  if (failure) throw failure;
}
