// The build's disk watch, against the in-memory runtime: it adds the builder's writable layer and
// what `du` finds in the cache volume, stops the container past the limit and says why.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FakeRuntime } from "../../docker/fake-runtime.ts";
import { berthLabels, LABEL } from "../../docker/labels.ts";
import { watchBuildDisk } from "./disk-watch.ts";

const MB = 1024 * 1024;

function builder(writtenBytes: number, cacheKb: number) {
  const runtime = new FakeRuntime();
  const container = runtime.addContainer({ labels: berthLabels({ [LABEL.kind]: "build" }), writtenBytes });
  const asked: string[][] = [];
  runtime.onExec = (_id, spec) => {
    asked.push(spec.cmd);
    return { exitCode: 0, stdout: `${cacheKb}\t/cache\n`, stderr: "" };
  };
  return { runtime, container, asked };
}

test("layer + cache past the limit: the container is killed and the reason names the limit and its setting", { timeout: 5000 }, async () => {
  const { runtime, container, asked } = builder(60 * MB, 50 * 1024);
  const watch = watchBuildDisk(runtime, container.id, { limitBytes: 100 * MB, kill: () => runtime.kill(container.id), intervalMs: 5 });
  try {
    const noKill = new Promise((_, reject) => setTimeout(() => reject(new Error("not stopped within 1 s")), 1000).unref());
    await assert.rejects(Promise.race([watch.exceeded, noKill]), /the build wrote 110 MB to disk, over this Berth's limit of 100 MB per build \(BERTH_MAX_BUILD_DISK_MB\)/);
    assert.match(watch.reason() ?? "", /BERTH_MAX_BUILD_DISK_MB/);
    assert.deepEqual(asked[0], ["du", "-skx", "/cache"], "the cache is measured inside the container, on its own file system only");
    assert.deepEqual(runtime.calls, [`kill ${container.id}`]);
    assert.equal(runtime.containers.get(container.id)?.state, "exited");
  } finally {
    watch.stop();
  }
});

test("under the limit nothing is killed, and stop() ends the watch", { timeout: 5000 }, async () => {
  const { runtime, container, asked } = builder(10 * MB, 10 * 1024);
  const watch = watchBuildDisk(runtime, container.id, { limitBytes: 100 * MB, kill: () => runtime.kill(container.id), intervalMs: 5 });
  await new Promise((r) => setTimeout(r, 60));
  watch.stop();
  const polls = asked.length;
  assert.ok(polls >= 2, `measured more than once (${polls})`);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(asked.length, polls, "no measuring after stop()");
  assert.deepEqual(runtime.calls, []);
  assert.equal(watch.reason(), null);
});

test("a measurement that fails counts as nothing rather than killing the build", { timeout: 5000 }, async () => {
  const { runtime, container } = builder(0, 0);
  runtime.onExec = () => Promise.reject(new Error("exec refused"));
  runtime.containers.get(container.id)!.writtenBytes = 1;
  const watch = watchBuildDisk(runtime, container.id, { limitBytes: MB, kill: () => runtime.kill(container.id), intervalMs: 5 });
  await new Promise((r) => setTimeout(r, 40));
  watch.stop();
  assert.deepEqual(runtime.calls, []);
});
