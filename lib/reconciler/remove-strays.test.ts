// The reconciler's removal of strays, against the in-memory runtime: which containers a sweep of
// a host removes, and which it must leave to the rollout or the process that still owns them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeRuntime } from "../docker/fake-runtime.ts";
import { berthLabels, LABEL } from "../docker/labels.ts";
import { ABANDON_MARGIN_MS, ORPHAN_GRACE_MS, removeAbandoned, removeOrphans } from "./remove-strays.ts";

const NOW = Date.parse("2026-12-02T12:00:00Z");
const secondsAgo = (ms: number) => Math.floor((NOW - ms) / 1000);
const appContainer = (row: string, ageMs: number) => ({ name: `web-${row}`, labels: berthLabels({ [LABEL.kind]: "app", [LABEL.container]: row }), created: secondsAgo(ageMs) });

test("an app container whose row is gone is removed once past the grace period; a young one, a wanted one and an unlabelled one stay", async () => {
  const runtime = new FakeRuntime();
  const orphan = runtime.addContainer(appContainer("row-gone", ORPHAN_GRACE_MS + 1000));
  const young = runtime.addContainer(appContainer("row-being-written", ORPHAN_GRACE_MS - 1000));
  const wanted = runtime.addContainer(appContainer("row-1", 10 * 60_000));
  const unlabelled = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "app" }), created: secondsAgo(10 * 60_000) });

  const removed = await removeOrphans(runtime, await runtime.list({ [LABEL.kind]: "app" }), new Set(["row-1"]), NOW);

  assert.deepEqual(removed, [orphan.id]);
  assert.deepEqual(runtime.calls, [`stopAndRemove ${orphan.id} 10`], "stopped with a 10 s grace period, nothing else touched");
  assert.deepEqual([...runtime.containers.keys()].sort(), [young.id, wanted.id, unlabelled.id].sort());
});

test("a failing removal does not stop the sweep of the others", async () => {
  const runtime = new FakeRuntime();
  const first = runtime.addContainer(appContainer("gone-1", ORPHAN_GRACE_MS * 2));
  const second = runtime.addContainer(appContainer("gone-2", ORPHAN_GRACE_MS * 2));
  const listed = await runtime.list();
  const stopAndRemove = runtime.stopAndRemove.bind(runtime);
  runtime.stopAndRemove = async (id, grace) => {
    if (id === first.id) throw new Error("engine hiccup");
    return stopAndRemove(id, grace);
  };
  assert.deepEqual(await removeOrphans(runtime, listed, new Set(), NOW), [first.id, second.id]);
  assert.deepEqual([...runtime.containers.keys()], [first.id], "the second went although the first failed (the next sweep tries the first again)");
});

test("build and one-off containers past their time limit and the margin are removed at once; those within it stay", async () => {
  const runtime = new FakeRuntime();
  const limits = { build: 15 * 60_000, run: 60 * 60_000 };
  const oldBuild = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "build" }), created: secondsAgo(limits.build + ABANDON_MARGIN_MS + 1000) });
  const build = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "build" }), created: secondsAgo(limits.build + ABANDON_MARGIN_MS - 1000) });
  // As old as the abandoned build, but a one-off may run for an hour.
  const run = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "run" }), created: secondsAgo(limits.build + ABANDON_MARGIN_MS + 1000) });
  const oldRun = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "run" }), created: secondsAgo(limits.run + ABANDON_MARGIN_MS + 1000) });
  // An app container is never the business of this check, however old.
  const app = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "app" }), created: secondsAgo(24 * 3600_000) });

  const removed = await removeAbandoned(runtime, limits, NOW);

  assert.deepEqual(removed.sort(), [oldBuild.id, oldRun.id].sort());
  assert.deepEqual(runtime.calls.sort(), [`stopAndRemove ${oldBuild.id} 0`, `stopAndRemove ${oldRun.id} 0`].sort(), "no grace period: nobody waits for them");
  assert.deepEqual([...runtime.containers.keys()].sort(), [build.id, run.id, app.id].sort());
});

test("another instance's containers on the same engine are never listed, so never removed", async () => {
  const runtime = new FakeRuntime();
  const theirs = runtime.addContainer({ labels: { [LABEL.instance]: "another-berth", [LABEL.kind]: "build" }, created: secondsAgo(48 * 3600_000) });
  const mine = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "build" }), created: secondsAgo(48 * 3600_000) });
  const removed = await removeAbandoned(runtime, { build: 60_000 }, NOW);
  assert.deepEqual(removed, [mine.id]);
  assert.ok(runtime.containers.has(theirs.id));
});
