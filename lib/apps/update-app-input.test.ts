import assert from "node:assert/strict";
import { test } from "node:test";
import { updateAppInput } from "./schemas.ts";

test("PATCH /apps/{app} takes maintenance and a health check, each optional", () => {
  assert.deepEqual(updateAppInput.parse({}), {});
  assert.deepEqual(updateAppInput.parse({ maintenance: true }), { maintenance: true });
  assert.deepEqual(updateAppInput.parse({ healthcheck: { path: "/health?deep=1", timeout: 300 } }), { healthcheck: { path: "/health?deep=1", timeout: 300 } });
  // null clears the path: the default check again.
  assert.deepEqual(updateAppInput.parse({ healthcheck: { path: null } }), { healthcheck: { path: null } });
  const refused = (body: unknown) => {
    const r = updateAppInput.safeParse(body);
    return r.success ? "accepted" : `${r.error.issues[0]!.path.join(".")}: ${r.error.issues[0]!.message}`;
  };
  assert.match(refused({ maintenance: "yes" }), /^maintenance: /);
  assert.match(refused({ healthcheck: { path: "health" } }), /^healthcheck.path: the health-check path starts with \//);
  assert.match(refused({ healthcheck: { path: "/a b" } }), /^healthcheck.path: .*no spaces/);
  assert.match(refused({ healthcheck: { path: "/a\nHost: x" } }), /^healthcheck.path: /);
  assert.match(refused({ healthcheck: { path: "" } }), /^healthcheck.path: the health-check path starts with \//);
  assert.match(refused({ healthcheck: { path: 404 } }), /^healthcheck.path: the health-check path is a string starting with \/, or null/);
  assert.match(refused({ healthcheck: { path: `/${"a".repeat(1024)}` } }), /^healthcheck.path: the health-check path is at most 1024 characters/);
  assert.match(refused({ healthcheck: { timeout: 0 } }), /^healthcheck.timeout: the health-check timeout is 1 to 300 seconds/);
  assert.match(refused({ healthcheck: { timeout: "60" } }), /^healthcheck.timeout: the health-check timeout is a number of seconds/);
  assert.match(refused({ healthcheck: { timeout: 301 } }), /^healthcheck.timeout: the health-check timeout is 1 to 300 seconds/);
  assert.match(refused({ healthcheck: { timeout: 2.5 } }), /^healthcheck.timeout: the health-check timeout is whole seconds/);
  assert.match(refused({ name: "other" }), /name|Unrecognized/i);
});
