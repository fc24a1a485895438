import assert from "node:assert/strict";
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { test } from "node:test";
import zlib from "node:zlib";
import { BerthError } from "../errors.ts";
import { readArchive } from "./read-archive.ts";

const LIMITS = { maxEntries: 100, maxUnpackedBytes: 32 * 1024 * 1024 };

/** A ustar header for a regular file; `size` may be anything the 11 octal digits hold. */
function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write("00000000000\0", 136);
  h.write("        ", 148);
  h.write("0", 156);
  h.write("ustar\u000000", 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function tar(files: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    parts.push(header(name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A stream of `chunks`, counting how many were asked for. */
function counted(chunks: Buffer[]) {
  const stats = { read: 0 };
  const stream = Readable.from((function* () {
    for (const c of chunks) {
      stats.read += 1;
      yield c;
    }
  })());
  return { stream, stats };
}

const tooLarge = (message: RegExp) => (err: unknown) => err instanceof BerthError && err.code === "too_large" && message.test(err.message);

test("entries and their content come through in order", async () => {
  const seen: string[] = [];
  const body = zlib.gzipSync(tar([["Procfile", "web: node server.js\n"], ["src/a.js", "1"]]));
  const summary = await readArchive(Readable.from([body]), LIMITS, async (entry, content) => {
    let text = "";
    if (entry.path === "Procfile") for await (const c of content) text += c;
    seen.push(`${entry.type} ${entry.path} ${entry.size} ${text}`);
  });
  assert.deepEqual(seen, ["File Procfile 20 web: node server.js\n", "File src/a.js 1 "]);
  assert.deepEqual(summary, { entries: 2, bytes: 21 });
});

/** Zeros with 4 random bytes in every KiB: compresses about 100:1, under the ratio rule. */
function noisyZeros(size: number): Buffer {
  const content = Buffer.alloc(size);
  for (let at = 0; at < size; at += 1024) crypto.randomFillSync(content, at, 4);
  return content;
}

/** Reads `chunks` through readArchive; how many were pulled, the time, and the RSS growth. */
async function measure(chunks: Buffer[], expected: (err: unknown) => boolean) {
  const { stream, stats } = counted(chunks);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  await assert.rejects(readArchive(stream, LIMITS), expected);
  clearInterval(sampler);
  return { read: stats.read, ms: performance.now() - started, grewMiB: Math.round((peak - rssBefore) / 1024 / 1024) };
}

test("a bomb of zero blocks (no entries) is refused after a few MiB, in little memory", async () => {
  // 8 MiB of zeros gzip to 8 KiB; 256 members (multi-member gzip is valid) inflate to 2 GiB.
  const member = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
  const m = await measure(Array.from({ length: 256 }, () => member), tooLarge(/belong to no entry|times its size/));
  assert.ok(m.read < 24, `read ${m.read} of 256 members`);
  assert.ok(m.grewMiB < 100, `RSS grew ${m.grewMiB} MiB`);
  console.log(`zero-block bomb refused after ${m.read} of 256 members in ${m.ms.toFixed(0)} ms, RSS +${m.grewMiB} MiB`);
});

test("a bomb of honest entries stops at the unpacked limit, in little memory", async () => {
  // Each member is one 8 MiB file with its header: 2 GiB in 256 members. A few random bytes in
  // every KiB keep it under the ratio rule (about 100:1): only the byte cap stops it.
  const content = noisyZeros(8 * 1024 * 1024);
  const member = zlib.gzipSync(Buffer.concat([header("zeros.bin", content.length), content]));
  const m = await measure(Array.from({ length: 256 }, () => member), tooLarge(/unpacks to more than 32 MiB/));
  // 32 MiB is 4 members; the pipeline may hold a few more, never the rest.
  assert.ok(m.read < 24, `read ${m.read} of 256 members`);
  assert.ok(m.grewMiB < 100, `RSS grew ${m.grewMiB} MiB`);
  console.log(`entry bomb refused after ${m.read} of 256 members in ${m.ms.toFixed(0)} ms, RSS +${m.grewMiB} MiB`);
});

test("an entry of zeros past node-tar's 1000:1 ratio is refused, before the byte cap", async () => {
  const body = zlib.gzipSync(Buffer.concat([header("zeros.bin", 16 * 1024 * 1024), Buffer.alloc(16 * 1024 * 1024), Buffer.alloc(1024)]));
  await assert.rejects(readArchive(Readable.from([body]), LIMITS), tooLarge(/more than 1000 times its size/));
});

test("a header that declares a huge entry is refused at once, before its content", async () => {
  // No content follows: without the header check this would be "unexpected end" (422), not 413.
  const body = zlib.gzipSync(Buffer.concat([header("big.bin", 8 * 1024 ** 3 - 1), Buffer.alloc(512)]));
  await assert.rejects(readArchive(Readable.from([body]), LIMITS), tooLarge(/unpacks to more than/));
});

test("declared sizes add up across entries", async () => {
  const mib20 = 20 * 1024 * 1024;
  const body = zlib.gzipSync(Buffer.concat([header("a", mib20), noisyZeros(mib20), header("b", mib20)]));
  const seen: string[] = [];
  await assert.rejects(readArchive(Readable.from([body]), LIMITS, (e) => void seen.push(e.path)), tooLarge(/unpacks to more than/));
  assert.deepEqual(seen, ["a"], "b is refused by its header, before the reader sees it");
});

test("one entry past the entry limit is refused", async () => {
  const files = Array.from({ length: 6 }, (_, i): [string, string] => [`f${i}`, "x"]);
  const seen: string[] = [];
  await assert.rejects(
    readArchive(Readable.from([zlib.gzipSync(tar(files))]), { ...LIMITS, maxEntries: 5 }, (e) => void seen.push(e.path)),
    tooLarge(/more than 5 entries/),
  );
  assert.equal(seen.length, 5);
});

test("what is not a .tar.gz, or is cut off, is invalid (422), not too large", async () => {
  const invalid = (err: unknown) => err instanceof BerthError && err.code === "invalid" && /not a readable \.tar\.gz/.test(err.message);
  await assert.rejects(readArchive(Readable.from([Buffer.from("not a tarball")]), LIMITS), invalid);
  await assert.rejects(readArchive(Readable.from([zlib.gzipSync(Buffer.from("x".repeat(600)))]), LIMITS), invalid);
  const whole = zlib.gzipSync(tar([["a", "y".repeat(5000)]]));
  await assert.rejects(readArchive(Readable.from([whole.subarray(0, whole.length - 30)]), LIMITS), invalid);
});

test("an error thrown by the entry reader ends the read with that error", async () => {
  const body = zlib.gzipSync(tar([["a", "1"], ["b", "2"]]));
  await assert.rejects(readArchive(Readable.from([body]), LIMITS, (e) => {
    if (e.path === "b") throw new Error("no b");
  }), /no b/);
});
