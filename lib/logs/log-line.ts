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

/**
 * The stream entry's one field: `l` = "<time> <source> <process>\t<text>" (time, source and process
 * never hold a space or a tab). One field rather than four: the collector writes tens of
 * thousands of lines a second, and each field is one more string to encode, send and store.
 */
export function lineFields(line: LogLine): string[] {
  return ["l", `${line.time} ${line.source} ${line.process}\t${clip(line.text)}`];
}

export function lineFromEntry(id: string, fields: string[]): StoredLogLine {
  const value = fields[fields.indexOf("l") + 1] ?? "";
  const tab = value.indexOf("\t");
  const [time = "", source = "app", process = ""] = value.slice(0, tab === -1 ? 0 : tab).split(" ");
  return { id, time, source: source as LogSource, process, text: tab === -1 ? value : value.slice(tab + 1) };
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
