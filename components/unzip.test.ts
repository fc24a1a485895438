// Runs in Node (Blob, File and DecompressionStream are global there as in the browser):
// node --import tsx --test components/unzip.test.ts
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";
import { readZip } from "./unzip.ts";

const run = promisify(execFile);

/** A zip made by Python's zipfile: `files` maps names to [size of zeros, or text]. */
async function zip(files: Record<string, number | string>): Promise<Blob> {
  const script = `
import io, json, sys, zipfile
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name, content in json.loads(sys.argv[1]).items():
        z.writestr(name, b"\\0" * content if isinstance(content, int) else content.encode())
sys.stdout.buffer.write(buf.getvalue())
`;
  const { stdout } = await run("python3", ["-c", script, JSON.stringify(files)], { encoding: "buffer", maxBuffer: 1 << 26 });
  return new Blob([new Uint8Array(stdout)]);
}

const LIMITS = { maxEntries: 10, maxUnpackedBytes: 64 * 1024 * 1024 };

test("a zip of an app is read, its shared folder stripped", async () => {
  const files = await readZip(await zip({ "app/Procfile": "web: x\n", "app/src/a.js": "1" }), LIMITS);
  assert.deepEqual(files.map((f) => [f.path, f.file.size]), [["Procfile", 7], ["src/a.js", 1]]);
});

test("a zip bomb stops at the unpacked limit with a clear message", async () => {
  // 8 entries of 100 MiB of zeros: under 1 MiB zipped.
  const bomb = await zip(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`z${i}`, 100 * 1024 * 1024])));
  await assert.rejects(readZip(bomb, LIMITS), /unpacks to more than 64 MiB, Berth's limit/);
});

test("more entries than the limit are refused before any is inflated", async () => {
  const many = await zip(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, "x"])));
  await assert.rejects(readZip(many, LIMITS), /11 entries, more than Berth's limit of 10/);
});
