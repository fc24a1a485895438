import assert from "node:assert/strict";
import { test } from "node:test";
import { cpuPercent } from "./cpu-percent.ts";
import { parseSince } from "./schemas.ts";
import { RequestTally, RequestWindow } from "./request-window.ts";

test("percentiles are exact below 100 ms and within 5 % above; status classes count every request", () => {
  const w = new RequestWindow();
  for (let ms = 1; ms <= 100; ms++) w.add(200, ms);
  assert.equal(w.quantile(0.5), 50);
  assert.equal(w.quantile(0.95), 95);
  const slow = new RequestWindow();
  for (let i = 0; i < 100; i++) slow.add(i < 90 ? 200 : 503, 1000 + i * 10);
  const p95 = slow.quantile(0.95)!;
  assert.ok(Math.abs(p95 - 1940) / 1940 <= 0.05, String(p95));
  assert.deepEqual(slow.status, { "1xx": 0, "2xx": 90, "3xx": 0, "4xx": 0, "5xx": 10 });
  assert.equal(new RequestWindow().quantile(0.5), null);
});

test("windows merge into a minute exactly, and a tally starts afresh once taken", () => {
  const tally = new RequestTally();
  tally.add("a", 200, 10);
  tally.add("a", 404, 30);
  tally.add("b", -1, 0);
  const taken = tally.take();
  assert.equal(taken.get("a")!.count, 2);
  assert.equal(taken.get("b")!.status["5xx"], 1, "a request the router dropped counts as 5xx");
  assert.equal(tally.take().size, 0);
  const minute = new RequestWindow();
  minute.merge(taken.get("a")!);
  minute.merge(taken.get("b")!);
  assert.equal(minute.count, 3);
  assert.equal(minute.quantile(1), 30);
});

test("since: durations back from now, or ISO times", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  assert.equal(parseSince("15m", now), now - 15 * 60_000);
  assert.equal(parseSince("24h", now), now - 24 * 3_600_000);
  assert.equal(parseSince("2026-11-25T11:00:00Z", now), now - 3_600_000);
  for (const bad of ["yesterday", "15", "15d", "-1h", ""]) assert.equal(parseSince(bad, now), null, bad);
});

test("CPU: between two readings as docker stats computes it; a first reading averages since the start", () => {
  const at = (cpuNs: number, systemNs: number) => ({ cpuNs, systemNs, onlineCpus: 2, memoryBytes: 0, memoryLimitBytes: 0 });
  // 0.5 s of CPU while the host's 2 CPUs ran 20 s between the readings (10 s of wall time): 5 % of one core
  assert.equal(cpuPercent(at(1e9, 100e9), at(1.5e9, 120e9)), 5);
  assert.equal(cpuPercent(undefined, at(2e9, 0), 10_000), 20);
  assert.equal(cpuPercent(undefined, at(2e9, 0)), null);
  assert.equal(cpuPercent(at(1e9, 100e9), at(1.5e9, 100e9)), null);
});
