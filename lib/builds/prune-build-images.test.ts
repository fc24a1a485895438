import assert from "node:assert/strict";
import { test } from "node:test";
import { buildsToKeep } from "./prune-build-images.ts";

const release = (version: number, buildId: string | null, status = "succeeded") => ({ version, buildId, status });
const build = (id: string, status = "succeeded") => ({ id, status });

test("the builds of the newest successful releases stay, older ones go", () => {
  const keep = buildsToKeep({ releases: [release(1, "a"), release(2, "b"), release(3, "c"), release(4, "d")], builds: ["a", "b", "c", "d"].map((id) => build(id)), kept: 2 });
  assert.deepEqual([...keep].sort(), ["c", "d"]);
});

test("a rollback's release names an old build: it counts as new, and config-only releases share their build", () => {
  const releases = [release(1, "a"), release(2, "b"), release(3, "b"), release(4, "a")];
  assert.deepEqual([...buildsToKeep({ releases, builds: [build("a"), build("b")], kept: 1 })], ["a"]);
  assert.deepEqual([...buildsToKeep({ releases, builds: [build("a"), build("b")], kept: 2 })].sort(), ["a", "b"]);
});

test("failed releases do not count; a deploying one and a build with no release yet always stay", () => {
  const releases = [release(1, "a"), release(2, "b", "failed"), release(3, "c", "deploying"), release(4, null, "unbuilt")];
  const keep = buildsToKeep({ releases, builds: [build("a"), build("b"), build("c"), build("new"), build("broken", "failed")], kept: 1 });
  assert.deepEqual([...keep].sort(), ["c", "new"]);
});
