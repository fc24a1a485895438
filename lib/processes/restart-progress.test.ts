import assert from "node:assert/strict";
import { test } from "node:test";
import { restartProgress } from "./restart-progress.ts";

const before = new Map([["web.1", "2026-12-01T10:00:00.000Z"], ["worker.1", "2026-12-01T10:00:01.000Z"]]);

test("a restart is under way until every process has a new start time and is past starting", () => {
  assert.deepEqual(restartProgress(before, [
    { name: "web.1", state: "up", startedAt: "2026-12-01T10:00:00.000Z" },
    { name: "web.1", state: "starting", startedAt: "2026-12-01T10:05:00.000Z" },
    { name: "worker.1", state: "up", startedAt: "2026-12-01T10:05:01.000Z" },
  ]), { kind: "restarting", waiting: ["web.1"] });
});

test("once all are replaced it is done, naming those that did not come up", () => {
  assert.deepEqual(restartProgress(before, [
    { name: "web.1", state: "up", startedAt: "2026-12-01T10:05:00.000Z" },
    { name: "worker.1", state: "crashed", startedAt: "2026-12-01T10:05:01.000Z" },
  ]), { kind: "done", up: ["web.1"], notUp: [{ name: "worker.1", state: "crashed" }] });
});
