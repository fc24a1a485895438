// A formation's autoscale settings: the range its quantity may move in, and the one measure it
// follows. p95 and request rate are the router's, which only web processes receive; CPU is
// Docker's, for any type. Stored as JSON on the formation row (null: scaled by hand only).
import { z } from "zod";

export const MAX_QUANTITY = Number(process.env.BERTH_MAX_QUANTITY ?? 20);

/** Each target kind with its bounds and unit; the only kinds there are. */
export const TARGETS = {
  p95Ms: { min: 10, max: 60_000, unit: "ms", webOnly: true, describe: "p95 response time" },
  requestsPerSecond: { min: 0.1, max: 10_000, unit: "requests/s per container", webOnly: true, describe: "requests per second per container" },
  cpuPercent: { min: 5, max: 100, unit: "% CPU", webOnly: false, describe: "CPU per container" },
} as const;
export type TargetKind = keyof typeof TARGETS;
const KINDS = Object.keys(TARGETS) as TargetKind[];
const KIND_LIST = KINDS.map((k) => `{"${k}": N}`).join(", ");

export interface AutoscaleTarget {
  kind: TargetKind;
  value: number;
}

export interface AutoscaleSettings {
  min: number;
  max: number;
  target: AutoscaleTarget;
}

const target = z.record(z.string(), z.unknown(), { error: `target must be one of ${KIND_LIST}` }).transform((t, ctx): AutoscaleTarget => {
  const keys = Object.keys(t);
  const kind = keys[0] as TargetKind;
  if (keys.length !== 1 || !KINDS.includes(kind)) {
    ctx.addIssue({ code: "custom", message: `target must be exactly one of ${KIND_LIST}${keys.length ? ` (got ${keys.map((k) => JSON.stringify(k)).join(", ")})` : ""}` });
    return z.NEVER;
  }
  const value = t[kind];
  const { min, max, unit } = TARGETS[kind];
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    ctx.addIssue({ code: "custom", path: [kind], message: `target ${kind} must be a number from ${min} to ${max} (${unit})` });
    return z.NEVER;
  }
  return { kind, value };
});

/** The PATCH body's `autoscale`: the settings, or null to turn autoscaling off. */
export const autoscalePatch = z
  .object({
    min: z.number().int("min must be a whole number").min(1, "min must be 1 or more"),
    max: z.number().int("max must be a whole number").min(1, "max must be 1 or more").max(MAX_QUANTITY, `max must be at most ${MAX_QUANTITY} (BERTH_MAX_QUANTITY)`),
    target,
  })
  .strict()
  .refine((s) => s.min <= s.max, { message: "min must not be more than max", path: ["min"] })
  .nullable();

/** Refuses a target the process type cannot be measured by; the message names the rule. */
export function autoscaleProblem(type: string, settings: AutoscaleSettings): string | null {
  const spec = TARGETS[settings.target.kind];
  if (spec.webOnly && type !== "web") {
    return `autoscale target ${settings.target.kind} is measured at the router, which sends requests only to web processes: ${type} can follow cpuPercent`;
  }
  return null;
}

/** As stored on the formation row. */
export function storedAutoscale(settings: AutoscaleSettings | null): string | null {
  return settings === null ? null : JSON.stringify({ min: settings.min, max: settings.max, target: { [settings.target.kind]: settings.target.value } });
}

/** The row's settings as the API shows them (`{"min", "max", "target": {"p95Ms": 300}}`), or null. */
export function shownAutoscale(stored: string | null): { min: number; max: number; target: Partial<Record<TargetKind, number>> } | null {
  if (stored === null) return null;
  return JSON.parse(stored) as { min: number; max: number; target: Partial<Record<TargetKind, number>> };
}

/** The row's settings for the autoscaler; null when off (or unreadable, which never happens with rows written above). */
export function readAutoscale(stored: string | null): AutoscaleSettings | null {
  if (stored === null) return null;
  const parsed = autoscalePatch.safeParse(JSON.parse(stored));
  return parsed.success ? parsed.data : null;
}
