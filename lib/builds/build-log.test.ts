import assert from "node:assert/strict";
import { test } from "node:test";
import { lastLines, truncationNotices } from "./build-log.ts";

test("the notice names the bound and its setting", () => {
  const n = truncationNotices({ lines: 5000, bytes: 10 * 1024 * 1024 });
  assert.match(n.lines, /Output truncated after 5000 lines.*BERTH_MAX_BUILD_LOG_LINES/);
  assert.match(n.bytes, /Output truncated after 10 MiB.*BERTH_MAX_BUILD_LOG_MB/);
});

test("the tail keeps the last lines, says how many it left out, and starts over", () => {
  const tail = lastLines(3);
  for (let i = 1; i <= 10; i++) tail.add(`line ${i}`);
  assert.deepEqual(tail.take(), { lines: ["line 8", "line 9", "line 10"], skipped: 7 });
  assert.deepEqual(tail.take(), { lines: [], skipped: 0 });
  tail.add("x".repeat(5000));
  const [long] = tail.take().lines;
  assert.equal(long!.length, 2001);
});
