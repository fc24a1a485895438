import assert from "node:assert/strict";
import { test } from "node:test";
import { displayStamp, displayTime, parseDockerTime, ResumePoint, sinceParam } from "./resume-point.ts";

test("Docker stamps parse to nanoseconds, with any number of fraction digits", () => {
  assert.equal(parseDockerTime("2026-11-25T12:58:24.283653173Z"), 1795611504283653173n);
  assert.equal(parseDockerTime("2026-11-25T12:58:24.2836Z"), 1795611504283600000n);
  assert.equal(parseDockerTime("2026-11-25T12:58:24Z"), 1795611504000000000n);
  assert.equal(parseDockerTime("2026-11-25 12:58:24Z"), null);
  assert.equal(parseDockerTime("garbage"), null);
  assert.equal(displayTime(1795611504283653173n), "2026-11-25T12:58:24.283653Z");
  assert.equal(displayStamp("2026-11-25T12:58:24.283653173Z"), "2026-11-25T12:58:24.283653Z");
  assert.equal(displayStamp("2026-11-25T12:58:24.28Z"), "2026-11-25T12:58:24.280000Z");
  assert.equal(displayStamp("2026-11-25T12:58:24Z"), "2026-11-25T12:58:24.000000Z");
  // the cached date part must not leak into another second
  assert.equal(parseDockerTime("2026-11-25T12:58:25.5Z"), 1795611505500000000n);
  assert.equal(sinceParam(1795611504000000005n), "1795611504.000000005");
});

/** Replays what Docker would send after a restart: every line from `since` on, in file order. */
function resume(stored: string, file: bigint[]) {
  const point = ResumePoint.parse(stored);
  const since = point.since();
  const from = since === undefined ? -1n : BigInt(since.replace(".", ""));
  return file.filter((ns) => ns >= from && point.accept(ns));
}

test("a restart at any line stores every line exactly once, even with repeated and out-of-order stamps", () => {
  const base = 1_795_611_504_000_000_000n;
  // file order; stamps repeat (200, 200) and go back (stderr's 450 after stdout's 500)
  const file = [100n, 200n, 200n, 300n, 500n, 450n, 600n, 20_000_000n, 20_000_100n].map((d) => base + d);
  for (let cut = 0; cut <= file.length; cut++) {
    const first = new ResumePoint();
    const stored = file.slice(0, cut).filter((ns) => first.accept(ns));
    const rest = resume(first.serialize(), file);
    assert.deepEqual([...stored, ...rest], file, `restart after ${cut} lines`);
  }
});

test("the kept stamps stay bounded under a flood", () => {
  const point = new ResumePoint();
  const base = 1_795_611_504_000_000_000n;
  for (let i = 0n; i < 5000n; i++) point.accept(base + i); // 5000 lines within 5 µs
  const stored = point.serialize();
  assert.ok(stored.split(",").length <= 256, `${stored.split(",").length} stamps kept`);
  // everything before the kept window is not sent again, everything in it is skipped
  const again = resume(stored, Array.from({ length: 5000 }, (_, i) => base + BigInt(i)));
  assert.deepEqual(again, []);
});

test("an empty or unreadable resume point starts from the first line", () => {
  assert.equal(ResumePoint.parse(null).since(), undefined);
  assert.equal(ResumePoint.parse("nonsense").since(), undefined);
});
