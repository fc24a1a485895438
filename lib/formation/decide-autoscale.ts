// What the autoscaler does with one formation at one tick, as a pure function of what it knows:
// the settings, the quantity, the recent samples, the last scale and what the hosts fit. Up is
// quick (the target exceeded for the whole up window, sized to the excess), down is slow (after
// the cool-down, one container at a time, only when one fewer would still be under target).
import type { MetricsSample } from "../metrics/metrics-store.ts";
import { TARGETS, type AutoscaleSettings } from "./autoscale-settings.ts";

export interface AutoscaleInput {
  type: string;
  settings: AutoscaleSettings;
  quantity: number;
  /** The app's 10 s samples, oldest first, covering at least the cool-down. */
  samples: readonly MetricsSample[];
  now: number;
  /** When this formation was last scaled (by the autoscaler or by hand) or seen deploying; null: not recently. */
  lastScaleAt: number | null;
  /** A deploy, scale or restart holds the app: nothing is decided meanwhile. */
  deploying: boolean;
  /** The most containers of this type the hosts (and the container limits) fit, and what says so. */
  fits: { quantity: number; because: string };
  timing: { intervalMs: number; upAfterMs: number; cooldownMs: number };
}

export type AutoscaleDecision = { action: "keep"; reason: string } | { action: "scale"; quantity: number; reason: string };

/** Fewer requests than this in a sample say nothing about its p95. */
export const MIN_REQUESTS_FOR_P95 = 5;

/** Scaling down needs this much headroom: one fewer container must stay under 90 % of the target. */
const DOWN_HEADROOM = 0.9;

export function decideAutoscale(input: AutoscaleInput): AutoscaleDecision {
  const { type, settings, quantity, fits } = input;
  const { min, max, target } = settings;
  if (input.deploying) return keep("a deploy, scale or restart is running");
  const room = Math.min(max, fits.quantity);

  // Outside the range (settings just changed, or a hand scale before): back into it first.
  if (quantity < min) {
    const to = Math.min(min, Math.max(quantity, room));
    if (to <= quantity) return keep(`${type} is below min ${min} but ${fits.because}`);
    return scale(to, `below min ${min}${to < min ? `; ${fits.because}` : ""}`);
  }
  if (quantity > max) return scale(max, `above max ${max}`);

  const values = input.samples.map((s) => ({ at: Date.parse(s.time), value: measure(input, s) }));
  const unit = TARGETS[target.kind].unit;
  const label = LABELS[target.kind];

  // Up: every sample of the last up window (all taken since the last scale) over the target.
  const upFrom = Math.max(input.now - input.timing.upAfterMs - input.timing.intervalMs / 2, input.lastScaleAt ?? -Infinity);
  const upWindow = values.filter((v) => v.at > upFrom && v.value !== null);
  const upNeeded = Math.max(1, Math.round(input.timing.upAfterMs / input.timing.intervalMs));
  if (upWindow.length >= upNeeded && upWindow.every((v) => v.value! > target.value)) {
    const lowest = Math.min(...upWindow.map((v) => v.value!));
    const wanted = Math.min(max, Math.max(quantity + 1, Math.ceil((quantity * lowest) / target.value)));
    const to = Math.min(wanted, fits.quantity);
    const why = `${label} ${round(lowest)} ${unit} over ${target.value} ${unit} for ${Math.round(input.timing.upAfterMs / 1000)} s`;
    if (to <= quantity) return keep(`${why}, but ${quantity >= max ? `${type} is at max ${max}` : fits.because}`);
    return scale(to, `${why}${to < wanted ? `; ${fits.because}` : ""}`);
  }

  // Down: after the cool-down, when every sample of it says one fewer would still be well under target.
  if (quantity <= min) return keep(`at min ${min}`);
  const cooldown = input.timing.cooldownMs;
  if (input.lastScaleAt !== null && input.now - input.lastScaleAt < cooldown) return keep("cooling down after the last scale");
  const downWindow = values.filter((v) => v.at > input.now - cooldown);
  const downNeeded = Math.max(1, Math.floor((cooldown / input.timing.intervalMs) * 0.8));
  if (downWindow.length < downNeeded) return keep("not enough samples for the cool-down yet");
  const projected = downWindow.map((v) => ((v.value ?? 0) * quantity) / (quantity - 1));
  const highest = Math.max(...downWindow.map((v) => v.value ?? 0));
  if (projected.every((p) => p <= target.value * DOWN_HEADROOM)) {
    return scale(quantity - 1, `${label} at most ${round(highest)} ${unit}, under ${target.value} ${unit} for ${Math.round(cooldown / 60_000 * 10) / 10} min`);
  }
  return keep("within target");

  function scale(to: number, why: string): AutoscaleDecision {
    return { action: "scale", quantity: to, reason: `autoscaler: ${type} ${quantity} → ${to}, ${why}` };
  }
  function keep(why: string): AutoscaleDecision {
    return { action: "keep", reason: why };
  }
}

const LABELS = { p95Ms: "p95", requestsPerSecond: "requests", cpuPercent: "CPU" } as const;

/** The sample's value of the target's measure; null when the sample says nothing about it (no CPU reading yet). */
function measure(input: AutoscaleInput, sample: MetricsSample): number | null {
  switch (input.settings.target.kind) {
    // A p95 of a handful of requests is one slow request, not a trend: no evidence either way
    // (it neither scales up nor holds a scale down; no request at all is no latency).
    case "p95Ms":
      if (sample.router.requests === 0) return 0;
      return sample.router.requests < MIN_REQUESTS_FOR_P95 ? null : (sample.router.p95Ms ?? 0);
    case "requestsPerSecond":
      return sample.router.ratePerSecond / Math.max(1, input.quantity);
    case "cpuPercent": {
      const cpu = sample.processes.filter((p) => p.name.startsWith(`${input.type}.`) && p.cpuPercent !== null).map((p) => p.cpuPercent!);
      return cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null;
    }
  }
}

const round = (n: number) => (n >= 10 ? Math.round(n) : Math.round(n * 10) / 10);
