import assert from "node:assert/strict";
import { test } from "node:test";
import { updateHostInput } from "./schemas.ts";

const message = (body: unknown) => {
  const result = updateHostInput.safeParse(body);
  assert.equal(result.success, false, `refused: ${JSON.stringify(body)}`);
  return result.error!.issues[0]!.message;
};

test("drain and labels are taken; null removes a label", () => {
  assert.deepEqual(updateHostInput.parse({ drain: true }), { drain: true });
  assert.deepEqual(updateHostInput.parse({ labels: { zone: "eu-1", "com.example.disk": "ssd", old: null } }), { labels: { zone: "eu-1", "com.example.disk": "ssd", old: null } });
  assert.deepEqual(updateHostInput.parse({ drain: false, labels: {} }), { drain: false, labels: {} });
});

test("an empty change, unknown fields and wrong types are refused", () => {
  assert.match(message({}), /nothing to change/);
  assert.match(message({ drain: true, state: "down" }), /unrecognized key/i);
  assert.match(message({ drain: "yes" }), /drain is true/);
  assert.match(message({ labels: { zone: 3 } }), /value is a string/);
  assert.match(message({ labels: ["zone"] }), /expected record|expected object/i);
});

test("label keys: Berth's own berth.* keys and malformed keys are refused", () => {
  for (const key of ["berth.test-host", "berth", "berth.scheduler.pin"]) assert.match(message({ labels: { [key]: "x" } }), /Berth's own/, key);
  for (const key of ["", "Zone", "-zone", "zone.", "a b", "zone;rm -rf /", "x".repeat(101), "zone=eu"]) assert.match(message({ labels: { [key]: "x" } }), /label key is 1-100/, JSON.stringify(key));
  assert.deepEqual(updateHostInput.parse({ labels: { "berthold": "x" } }), { labels: { berthold: "x" } }, "only the berth. prefix is reserved");
});

test("label values: printable, at most 200 characters", () => {
  assert.match(message({ labels: { zone: "a\nb" } }), /printable/);
  assert.match(message({ labels: { zone: "x".repeat(201) } }), /printable/);
  assert.ok(updateHostInput.safeParse({ labels: { zone: "x".repeat(200) } }).success);
});

test("at most 50 labels in one change", () => {
  const labels = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
  assert.match(message({ labels }), /at most 50/);
});
