// What a log drain may point at, and how its URL is shown: drain URLs often carry a token (in
// the password or the query), which is stored sealed and never shown again.
import { z } from "zod";

export const DRAIN_PROTOCOLS = ["https:", "syslog+tls:"] as const;

export const drainInput = z
  .object({
    url: z
      .string()
      .trim()
      .max(2048, "the drain URL is too long")
      .superRefine((text, ctx) => {
        const problem = drainUrlProblem(text);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();

function drainUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "the drain URL must be a URL like https://logs.example.com/ingest or syslog+tls://logs.example.com:6514";
  }
  if (!(DRAIN_PROTOCOLS as readonly string[]).includes(url.protocol)) return `a drain URL starts with https:// or syslog+tls://, not ${url.protocol}//`;
  if (!url.hostname) return "the drain URL has no host";
  if (url.protocol === "syslog+tls:") {
    if (!url.port) return "a syslog+tls:// drain needs a port, e.g. syslog+tls://logs.example.com:6514";
    if (url.pathname && url.pathname !== "/") return "a syslog+tls:// drain is host:port only, with no path";
  }
  if (url.hash) return "the drain URL must not have a #fragment";
  return null;
}

/** The URL with its password and query values masked: `https://user:***@host/path?token=***`. */
export function maskDrainUrl(text: string): string {
  const url = new URL(text);
  if (url.password) url.password = "***";
  for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, "***");
  // URL escapes the asterisks in the query; show them as typed
  return url.toString().replace(/%2A%2A%2A/g, "***");
}
