// The log-stream query: how many recent lines, whether to follow, and which sources and processes.
import { z } from "zod";
import { settings } from "../env.ts";
import { LOG_SOURCES, type LogSource, type StoredLogLine } from "./log-line.ts";

const PROCESS = /^[a-z][a-z0-9_-]{0,39}(\.[a-z0-9-]{1,20})?$/;

const list = (what: string, check: (item: string) => string | null) =>
  z
    .string()
    .max(500, `${what} is too long`)
    .transform((text, ctx) => {
      const items = text.split(",").map((s) => s.trim()).filter(Boolean);
      for (const item of items) {
        const problem = check(item);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
      return items;
    });

export const logStreamQuery = z
  .object({
    lines: z.coerce
      .number({ message: "lines must be a number" })
      .int("lines must be a whole number")
      .min(0, "lines must be 0 or more")
      .max(settings.logLines, `lines must be at most ${settings.logLines} (the log keeps no more)`)
      .default(100),
    tail: z
      .enum(["true", "false", "1", "0", ""], { message: "tail must be true or false" })
      .default("false")
      .transform((v) => v === "true" || v === "1" || v === ""),
    source: list("source", (s) => ((LOG_SOURCES as readonly string[]).includes(s) ? null : `source must be one of ${LOG_SOURCES.join(", ")} (got ${JSON.stringify(s.slice(0, 40))})`)).optional(),
    process: list("process", (p) => (PROCESS.test(p) ? null : `process must be a process type like web or a process like web.1 (got ${JSON.stringify(p.slice(0, 40))})`)).optional(),
  })
  .strict();

export type LogStreamQuery = z.infer<typeof logStreamQuery>;

/** `web` matches web.1, web.2 …; `web.1` only itself. */
export function lineFilter(query: Pick<LogStreamQuery, "source" | "process">): (line: StoredLogLine) => boolean {
  const sources = query.source?.length ? new Set<LogSource>(query.source as LogSource[]) : null;
  const processes = query.process?.length ? query.process : null;
  return (line) => {
    if (sources && !sources.has(line.source)) return false;
    if (processes && !processes.some((p) => line.process === p || line.process.startsWith(`${p}.`))) return false;
    return true;
  };
}
