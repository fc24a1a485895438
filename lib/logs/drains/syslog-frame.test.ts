import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSyslogFrames, syslogFrames, syslogMessage } from "./syslog-frame.ts";

const line = { time: "2026-11-25T12:58:24.283653Z", source: "app" as const, process: "web.1", text: "héllo wörld" };

test("RFC 5424 messages: the app as host, the source as app-name, the process as procid", () => {
  assert.equal(syslogMessage("shop", line), "<190>1 2026-11-25T12:58:24.283653Z shop app web.1 - - héllo wörld");
  assert.equal(syslogMessage("shop", { ...line, source: "berth", process: "" }), "<190>1 2026-11-25T12:58:24.283653Z shop berth - - - héllo wörld");
});

test("octet counting counts bytes, and frames split back exactly, across chunk boundaries", () => {
  const frames = syslogFrames("shop", [line, { ...line, text: "second" }]);
  const first = syslogMessage("shop", line);
  assert.ok(frames.toString("utf8").startsWith(`${Buffer.byteLength(first)} ${first}`));
  const cut = 30;
  const a = parseSyslogFrames(frames.subarray(0, cut));
  assert.deepEqual(a.messages, []);
  const b = parseSyslogFrames(Buffer.concat([a.rest, frames.subarray(cut)]));
  assert.deepEqual(b.messages, [first, syslogMessage("shop", { ...line, text: "second" })]);
  assert.equal(b.rest.length, 0);
});
