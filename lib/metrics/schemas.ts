// The metrics query: `since` as a duration back from now (`90s`, `15m`, `6h`) or an ISO time,
// and an optional resolution.
import { z } from "zod";
import { RESOLUTIONS, type Resolution } from "./metrics-store.ts";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
const DAY_MS = 24 * 3_600_000;

/** `since` → milliseconds since the epoch, or null when it is not a duration or a time. */
export function parseSince(text: string, now = Date.now()): number | null {
  const duration = /^(\d{1,6})([smh])$/.exec(text);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  if (!/^\d{4}-\d\d-\d\d(T|$)/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

export const metricsQuery = z
  .object({
    since: z
      .string()
      .default("1h")
      .transform((text, ctx) => {
        const at = parseSince(text);
        if (at === null) {
          ctx.addIssue({ code: "custom", message: "since must be a duration like 15m, 6h or 24h, or an ISO time" });
          return z.NEVER;
        }
        if (at > Date.now()) {
          ctx.addIssue({ code: "custom", message: "since is in the future" });
          return z.NEVER;
        }
        // Nothing older is kept.
        return Math.max(at, Date.now() - DAY_MS);
      }),
    resolution: z.enum(Object.keys(RESOLUTIONS) as [Resolution, ...Resolution[]]).optional(),
  })
  .strict();
