import assert from "node:assert/strict";
import { test } from "node:test";
import type { MetricsSample } from "../metrics/metrics-store.ts";
import { decideAutoscale, type AutoscaleInput } from "./decide-autoscale.ts";

const NOW = Date.parse("2026-12-02T05:00:00Z");
const timing = { intervalMs: 10_000, upAfterMs: 30_000, cooldownMs: 300_000 };

/** One sample every 10 s for the last `seconds`, newest at NOW. */
function samples(seconds: number, router: Partial<MetricsSample["router"]>, cpu: number | null = null, containers = 2): MetricsSample[] {
  const out: MetricsSample[] = [];
  for (let t = NOW - seconds * 1000 + 10_000; t <= NOW; t += 10_000) {
    out.push({
      time: new Date(t).toISOString(),
      processes: Array.from({ length: containers }, (_, i) => ({ name: `web.${i + 1}`, state: "running", cpuPercent: cpu, memoryBytes: 0, memoryMaxBytes: 0, memoryLimitBytes: 0, restarts: 0 })),
      router: { requests: 0, ratePerSecond: 0, status: { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 }, p50Ms: null, p95Ms: null, ...router },
    });
  }
  return out;
}

const base = (over: Partial<AutoscaleInput>): AutoscaleInput => ({
  type: "web",
  settings: { min: 1, max: 10, target: { kind: "p95Ms", value: 300 } },
  quantity: 2,
  samples: [],
  now: NOW,
  lastScaleAt: null,
  deploying: false,
  fits: { quantity: 20, because: "" },
  timing,
  ...over,
});

test("p95 over target for 30 s scales up, sized to the excess", () => {
  const d = decideAutoscale(base({ samples: samples(30, { p95Ms: 812, requests: 90 }) }));
  assert.deepEqual(d, { action: "scale", quantity: 6, reason: "autoscaler: web 2 → 6, p95 812 ms over 300 ms for 30 s" });
});

test("over target for less than the up window keeps", () => {
  const s = [...samples(300, { p95Ms: 100, requests: 90 }).slice(0, -2), ...samples(20, { p95Ms: 900, requests: 90 })];
  assert.equal(decideAutoscale(base({ samples: s })).action, "keep");
});

test("one sample under target in the window keeps", () => {
  const s = samples(30, { p95Ms: 900, requests: 90 });
  s[1]!.router.p95Ms = 200;
  assert.equal(decideAutoscale(base({ samples: s })).action, "keep");
});

test("samples from before the last scale do not count towards scaling up again", () => {
  const d = decideAutoscale(base({ samples: samples(60, { p95Ms: 900, requests: 90 }), lastScaleAt: NOW - 15_000 }));
  assert.equal(d.action, "keep");
});

test("scaling up is capped at max", () => {
  const d = decideAutoscale(base({ samples: samples(30, { p95Ms: 3000, requests: 90 }), settings: { min: 1, max: 4, target: { kind: "p95Ms", value: 300 } } }));
  assert.equal(d.action === "scale" && d.quantity, 4);
});

test("at max, over target keeps and says so", () => {
  const d = decideAutoscale(base({ quantity: 4, samples: samples(30, { p95Ms: 3000, requests: 90 }), settings: { min: 1, max: 4, target: { kind: "p95Ms", value: 300 } } }));
  assert.equal(d.action, "keep");
  assert.match(d.reason, /at max 4/);
});

test("scaling up stops at what the hosts fit, and the reason says so", () => {
  const d = decideAutoscale(base({ samples: samples(30, { p95Ms: 3000, requests: 90 }), fits: { quantity: 3, because: "the hosts fit 3 web containers" } }));
  assert.equal(d.action === "scale" && d.quantity, 3);
  assert.match(d.reason, /web 2 → 3, .*; the hosts fit 3 web containers$/);
});

test("when the hosts fit no more, it keeps", () => {
  const d = decideAutoscale(base({ samples: samples(30, { p95Ms: 3000, requests: 90 }), fits: { quantity: 2, because: "the hosts fit 2 web containers" } }));
  assert.deepEqual(d.action, "keep");
  assert.match(d.reason, /the hosts fit 2/);
});

test("nothing is decided during a deploy", () => {
  assert.equal(decideAutoscale(base({ samples: samples(30, { p95Ms: 3000, requests: 90 }), deploying: true })).action, "keep");
  assert.equal(decideAutoscale(base({ quantity: 0, deploying: true })).action, "keep");
});

test("below min goes to min, above max to max", () => {
  assert.deepEqual(decideAutoscale(base({ quantity: 0, settings: { min: 2, max: 5, target: { kind: "p95Ms", value: 300 } } })), {
    action: "scale",
    quantity: 2,
    reason: "autoscaler: web 0 → 2, below min 2",
  });
  const d = decideAutoscale(base({ quantity: 8, settings: { min: 2, max: 5, target: { kind: "p95Ms", value: 300 } } }));
  assert.equal(d.action === "scale" && d.quantity, 5);
});

test("under target for the whole cool-down scales down by one", () => {
  const d = decideAutoscale(base({ quantity: 4, samples: samples(300, { p95Ms: 40, requests: 10 }) }));
  assert.deepEqual(d, { action: "scale", quantity: 3, reason: "autoscaler: web 4 → 3, p95 at most 40 ms, under 300 ms for 5 min" });
});

test("no scale down during the cool-down after a scale", () => {
  const d = decideAutoscale(base({ quantity: 4, samples: samples(300, { p95Ms: 40 }), lastScaleAt: NOW - 120_000 }));
  assert.equal(d.action, "keep");
});

test("no scale down without a cool-down's worth of samples", () => {
  assert.equal(decideAutoscale(base({ quantity: 4, samples: samples(60, { p95Ms: 40 }) })).action, "keep");
});

test("no scale down below min, nor when one fewer would be near the target", () => {
  assert.equal(decideAutoscale(base({ quantity: 1, samples: samples(300, {}) })).action, "keep");
  // 2 containers at 40 req/s each against 50: one would take 80.
  const rps = { min: 1, max: 10, target: { kind: "requestsPerSecond" as const, value: 50 } };
  assert.equal(decideAutoscale(base({ settings: rps, samples: samples(300, { ratePerSecond: 80 }) })).action, "keep");
});

test("requests per second are per container", () => {
  const rps = { min: 1, max: 10, target: { kind: "requestsPerSecond" as const, value: 50 } };
  const d = decideAutoscale(base({ settings: rps, samples: samples(30, { ratePerSecond: 300 }) }));
  assert.equal(d.action === "scale" && d.quantity, 6);
  assert.match(d.reason, /requests 150 requests\/s per container over 50/);
});

test("CPU is the mean of the type's containers; no reading yet keeps", () => {
  const cpu = { min: 1, max: 10, target: { kind: "cpuPercent" as const, value: 70 } };
  const d = decideAutoscale(base({ settings: cpu, samples: samples(30, {}, 90) }));
  assert.equal(d.action === "scale" && d.quantity, 3);
  assert.equal(decideAutoscale(base({ settings: cpu, samples: samples(30, {}, null) })).action, "keep");
  const worker = decideAutoscale(base({ type: "worker", settings: cpu, samples: samples(30, {}, 90) }));
  assert.equal(worker.action, "keep"); // the samples' containers are web ones
});

test("a p95 of a few requests is no evidence: it neither scales up nor holds a scale down", () => {
  assert.equal(decideAutoscale(base({ samples: samples(30, { p95Ms: 5000, requests: 2 }) })).action, "keep");
  const d = decideAutoscale(base({ quantity: 3, samples: samples(300, { p95Ms: 5000, requests: 2 }) }));
  assert.equal(d.action === "scale" && d.quantity, 2);
});
