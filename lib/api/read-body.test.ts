import assert from "node:assert/strict";
import { test } from "node:test";
import { BerthError } from "../errors.ts";
import { readBodyText, readJsonBody } from "./read-body.ts";

const tooLarge = (err: unknown) => err instanceof BerthError && err.code === "too_large" && /larger than the limit of 1 KiB \(BERTH_MAX_JSON_KB\)/.test(err.message);

/** A streamed body of `chunks` × 512 bytes; counts how many chunks were pulled. */
function streamed(chunks: number) {
  const stats = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled === chunks) return controller.close();
      stats.pulled += 1;
      controller.enqueue(new Uint8Array(512).fill(0x61));
    },
  });
  return { body, stats };
}

test("a small JSON body is parsed; malformed JSON is invalid", async () => {
  const post = (body: string) => new Request("http://x/", { method: "POST", body });
  assert.deepEqual(await readJsonBody(post('{"a":1}'), 1024), { a: 1 });
  await assert.rejects(readJsonBody(post("{"), 1024), (err) => err instanceof BerthError && err.code === "invalid");
});

test("a declared Content-Length past the limit is refused before a byte is read", async () => {
  const { body, stats } = streamed(1000);
  const req = new Request("http://x/", { method: "POST", body, duplex: "half", headers: { "content-length": "512000" } } as RequestInit);
  await assert.rejects(readBodyText(req, 1024), tooLarge);
  assert.equal(stats.pulled <= 1, true, `pulled ${stats.pulled}`);
});

test("a body without a length is refused at the first byte over, and not read to its end", async () => {
  const { body, stats } = streamed(100_000); // 50 MB if read whole
  const req = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
  await assert.rejects(readBodyText(req, 1024), tooLarge);
  await new Promise((r) => setTimeout(r, 50)); // the dropped rest is bounded too
  assert.ok(stats.pulled < 40, `pulled ${stats.pulled} chunks`);
});
