import assert from "node:assert/strict";
import { test } from "node:test";
import { createAppInput } from "./schemas.ts";

test("a new app may not take one of Berth's own names", () => {
  const refused = (name: string) => {
    const r = createAppInput.safeParse({ name });
    return r.success ? "accepted" : r.error.issues[0]!.message;
  };
  for (const name of ["stack", "runner", "builder", "berth", "addon-redis", "addon-redis-calm-4821-net", "berth-builds"]) {
    assert.match(refused(name), new RegExp(`^${name} is reserved for Berth itself`), name);
  }
  for (const name of ["stacks", "my-runner", "addons-demo", "shop"]) assert.equal(refused(name), "accepted", name);
  assert.match(refused("Bad_Name"), /app names are 2-30 characters/);
});
