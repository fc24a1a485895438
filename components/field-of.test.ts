import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "./api.ts";
import { fieldOf } from "./use-action.ts";

test("an error sits at the input it names only when the form has that input", () => {
  const named = new ApiError("quantity must be 0 or more", 422, "invalid", "quantity");
  assert.equal(fieldOf(named, { fields: ["quantity", "size"] }), "quantity");
  assert.equal(fieldOf(named, { fields: ["size"] }), null, "another form's field: the banner shows it");
  assert.equal(fieldOf(named, {}), null, "a form that names no inputs: the banner");
  assert.equal(fieldOf(new ApiError("GOOD: …", 422, "invalid", "GOOD"), { fields: (f) => f === "GOOD" }), "GOOD");
});

test("a refusal without a field is the one-input form's; a timeout or a 500 is nobody's", () => {
  const opts = { fields: ["name"], fallback: "name" };
  assert.equal(fieldOf(new ApiError("x is taken", 409, "conflict"), opts), "name");
  assert.equal(fieldOf(new ApiError("reserved", 422, "invalid"), opts), "name");
  assert.equal(fieldOf(new ApiError("Berth did not answer", 0, "timeout"), opts), null);
  assert.equal(fieldOf(new ApiError("something went wrong", 500, "internal"), opts), null);
  assert.equal(fieldOf(new Error("plain"), opts), null);
});
