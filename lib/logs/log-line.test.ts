import assert from "node:assert/strict";
import { test } from "node:test";
import { formatLine, lineFields, lineFromEntry, MAX_LINE_BYTES, type LogLine } from "./log-line.ts";

test("a line survives the stream's one-field form, tabs, spaces and empty parts included", () => {
  const lines: LogLine[] = [
    { time: "2026-11-25T12:58:24.283653Z", source: "app", process: "web.1", text: "hello\tworld  with  spaces" },
    { time: "2026-11-25T12:58:24.283653Z", source: "berth", process: "", text: "" },
    { time: "2026-11-25T12:58:24.283653Z", source: "router", process: "web.12", text: 'at=info path="/\t"' },
  ];
  for (const line of lines) assert.deepEqual(lineFromEntry("1-0", lineFields(line)), { id: "1-0", ...line });
});

test("an overlong line is cut at the limit, on a character boundary", () => {
  const long = "é".repeat(MAX_LINE_BYTES);
  const [, value] = lineFields({ time: "t", source: "app", process: "web.1", text: long });
  const text = lineFromEntry("1-0", ["l", value!]).text;
  assert.ok(Buffer.byteLength(text) <= MAX_LINE_BYTES + 3);
  assert.ok(text.endsWith("…"));
  assert.ok(!text.includes("\uFFFD"));
});

test("lines print as Heroku prints them", () => {
  assert.equal(formatLine({ time: "T", source: "app", process: "web.1", text: "hi" }), "T app[web.1]: hi");
  assert.equal(formatLine({ time: "T", source: "berth", process: "", text: "hi" }), "T berth: hi");
});
