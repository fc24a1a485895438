import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { test } from "node:test";
import { demuxToText, encodeFrame, FrameDecoder, onFrames, stdoutOfFrames } from "./log-frames.ts";

const stream = Buffer.concat([encodeFrame(1, "out one\n"), encodeFrame(2, "err ünïcode\n"), encodeFrame(1, "out two\n")]);

test("frames cut anywhere between chunks come out whole, in order, with their stream", () => {
  for (let cut = 1; cut < stream.length; cut++) {
    const decoder = new FrameDecoder();
    const frames = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
    assert.deepEqual(
      frames.map((f) => [f.stream, f.payload.toString("utf8")]),
      [[1, "out one\n"], [2, "err ünïcode\n"], [1, "out two\n"]],
      `cut at ${cut}`,
    );
  }
});

test("a buffer of frames reads as its text; a TTY's output (no frames) as itself", () => {
  assert.equal(demuxToText(stream), "out one\nerr ünïcode\nout two\n");
  assert.equal(demuxToText(Buffer.from("plain tty output\n")), "plain tty output\n");
  assert.equal(demuxToText(Buffer.alloc(0)), "");
});

test("stdout passes through a pipeline; stderr goes aside", async () => {
  const stderr: string[] = [];
  const out: Buffer[] = [];
  const sink = new PassThrough().on("data", (c: Buffer) => out.push(c));
  await pipeline(Readable.from([stream.subarray(0, 5), stream.subarray(5, 30), stream.subarray(30)]), stdoutOfFrames((c) => stderr.push(c.toString("utf8"))), sink);
  assert.equal(Buffer.concat(out).toString("utf8"), "out one\nout two\n");
  assert.deepEqual(stderr, ["err ünïcode\n"]);
});

test("onFrames hands every frame's bytes over as they arrive", async () => {
  const source = new PassThrough();
  const got: string[] = [];
  onFrames(source, (payload, which) => got.push(`${which}:${payload.toString("utf8")}`));
  source.write(stream.subarray(0, 3));
  source.end(stream.subarray(3));
  await new Promise((r) => source.on("end", r));
  assert.deepEqual(got, ["1:out one\n", "2:err ünïcode\n", "1:out two\n"]);
});
