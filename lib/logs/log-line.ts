// One line of an app's log, as stored in its Redis stream and as every reader sees it.
import { redisKey } from "../redis.ts";

/** Where a line comes from: the app's containers, the router, a build, Berth itself, an add-on. */
export const LOG_SOURCES = ["app", "router", "build", "berth", "addon"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export interface LogLine {
  /** ISO 8601 UTC with microseconds, e.g. 2026-11-22T10:00:00.123456Z */
  time: string;
  source: LogSource;
  /** web.1, run.a1b2c3, router's backend server, "api" for platform events, "" when none */
  process: string;
  text: string;
}

/** A stored line with its stream id (readers resume after it). */
export interface StoredLogLine extends LogLine {
  id: string;
}

/** Longer lines are cut: one runaway line must not fill the app's whole log. */
export const MAX_LINE_BYTES = 16 * 1024;

export const logStreamKey = (appId: string) => redisKey("logs", "app", appId);
export const LOG_STREAM_PATTERN = () => redisKey("logs", "app", "*");

/** The flat field list XADD takes: t, s, p, m. */
export function lineFields(line: LogLine): string[] {
  return ["t", line.time, "s", line.source, "p", line.process, "m", clip(line.text)];
}

export function lineFromEntry(id: string, fields: string[]): StoredLogLine {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  return { id, time: f.t ?? "", source: (f.s ?? "app") as LogSource, process: f.p ?? "", text: f.m ?? "" };
}

function clip(text: string): string {
  if (text.length * 3 <= MAX_LINE_BYTES) return text;
  const buf = Buffer.from(text, "utf8");
  return buf.length <= MAX_LINE_BYTES ? text : `${buf.subarray(0, MAX_LINE_BYTES).toString("utf8")}…`;
}

/** Date → the stored form, with microsecond digits (a Date has milliseconds). */
export const isoTime = (date: Date = new Date()) => date.toISOString().replace(/Z$/, "000Z");

/** Heroku's form: `2026-11-22T10:00:00.123456Z app[web.1]: text`. */
export function formatLine(line: LogLine): string {
  return `${line.time} ${line.source}${line.process ? `[${line.process}]` : ""}: ${line.text}`;
}
