import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { configPatch } from "../config/schemas.ts";
import { zodMessage } from "./zod-message.ts";

const messageOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  assert.ok(!r.success);
  return zodMessage(r.error);
};

const formation = z.object({ quantity: z.number().int().min(0).max(50), size: z.enum(["standard", "large"]).optional() }).strict();

test("the library's wording becomes a sentence naming the field", () => {
  assert.deepEqual(messageOf(formation, { quantity: "2" }), { field: "quantity", message: "quantity must be a number" });
  assert.deepEqual(messageOf(formation, {}), { field: "quantity", message: "quantity is required" });
  assert.deepEqual(messageOf(formation, { quantity: -1 }), { field: "quantity", message: "quantity must be 0 or more" });
  assert.deepEqual(messageOf(formation, { quantity: 51 }), { field: "quantity", message: "quantity must be 50 or less" });
  assert.deepEqual(messageOf(formation, { quantity: 1.5 }), { field: "quantity", message: "quantity must be a whole number" });
  assert.deepEqual(messageOf(formation, { quantity: 1, size: "huge" }), { field: "size", message: 'size must be one of "standard", "large"' });
  assert.deepEqual(messageOf(formation, { quantity: 1, colour: "red" }), { field: null, message: '"colour" is not a field Berth knows here' });
  assert.deepEqual(messageOf(z.object({ name: z.string().min(2) }), { name: "a" }), { field: "name", message: "name must be at least 2 characters long" });
  assert.deepEqual(messageOf(z.object({ a: z.string() }), "text"), { field: null, message: "the request body must be an object" });
});

test("a schema's own sentence is kept, and the field is named once", () => {
  const m = messageOf(configPatch, { "1BAD-NAME": "x" });
  assert.equal(m.field, "1BAD-NAME");
  assert.equal(m.message, "1BAD-NAME: config var names are letters, digits and _, not starting with a digit");
  assert.deepEqual(messageOf(z.object({ quantity: z.number().min(0, "must not be negative") }), { quantity: -1 }), { field: "quantity", message: "quantity: must not be negative" });
});

test("no message carries the library's wording", () => {
  for (const input of [{ quantity: "x" }, { quantity: -3 }, { quantity: 1, size: 3 }, null]) {
    assert.doesNotMatch(messageOf(formation, input).message, /Invalid input|Too small|Too big|expected .* received|Unrecognized key/);
  }
});
