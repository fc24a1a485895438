import assert from "node:assert/strict";
import { test } from "node:test";
import { APP_USER, isSafeRunAs, resolveImageUser } from "./image-user.ts";

const files = {
  passwd: "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/bash\nweb:x:1001:50::/srv:/bin/sh\n",
  group: "root:x:0:\nstaff:x:50:\napp:x:1000:\n",
};

test("root asked for in any spelling runs as the app user", () => {
  for (const user of ["", "root", "0", "0000", "0:0", "root:root", "00:1000"]) assert.deepEqual(resolveImageUser(user, files), { runAs: APP_USER }, user);
});

test("another name for uid 0 is refused, naming the rule", () => {
  const result = resolveImageUser("toor", files);
  assert.ok("problem" in result);
  assert.match(result.problem, /USER toor is uid 0 \(root\).*never runs apps as root/);
  assert.match((resolveImageUser("toor:app", files) as { problem: string }).problem, /uid 0/);
});

test("names resolve to numbers through the image's passwd and group", () => {
  assert.deepEqual(resolveImageUser("app", files), { runAs: "1000:1000" });
  assert.deepEqual(resolveImageUser("web", files), { runAs: "1001:50" });
  assert.deepEqual(resolveImageUser("web:app", files), { runAs: "1001:1000" });
  assert.deepEqual(resolveImageUser("1234", files), { runAs: "1234:1234" });
  assert.deepEqual(resolveImageUser("1234:50", files), { runAs: "1234:50" });
  assert.match((resolveImageUser("ghost", files) as { problem: string }).problem, /not in its \/etc\/passwd/);
  assert.match((resolveImageUser("app:ghosts", files) as { problem: string }).problem, /not in its \/etc\/group/);
});

test("only numeric, non-root uid:gid pairs are safe to run with", () => {
  assert.equal(isSafeRunAs("1000:1000"), true);
  for (const v of ["0:0", "000:1", "app", "", null, undefined, "1000"]) assert.equal(isSafeRunAs(v), false, String(v));
});
