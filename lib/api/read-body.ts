// The one way a route reads a request body whole: at most `limit` bytes. A declared
// Content-Length past the limit is refused before a byte is read; a body without one (chunked) is
// counted while it streams and refused at the first byte over. Never req.json()/req.text(): those
// read whatever the client sends (50 MB to the public /auth/token were read whole).
import { settings } from "../env.ts";
import { BerthError, tooLarge } from "../errors.ts";

const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
export const bodyTooLarge = (limit: number) => tooLarge(`the request body is larger than the limit of ${kib(limit)} (BERTH_MAX_JSON_KB)`);

// After a refusal the rest is read and dropped, up to this many times the limit, so the client
// gets the 413 rather than a reset connection; past it the stream is cancelled.
const DRAIN_FACTOR = 8;

export async function readBodyBytes(req: Request, limit = settings.maxJsonBodyBytes): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void drain(reader, limit * DRAIN_FACTOR - size);
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  try {
    while (budget > 0) {
      const { done, value } = await reader.read();
      if (done) return;
      budget -= value.byteLength;
    }
    await reader.cancel();
  } catch {
    // the client went away: nothing left to drop
  }
}

/** The body as UTF-8 text, bounded. */
export async function readBodyText(req: Request, limit = settings.maxJsonBodyBytes): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, limit));
}

/** A bounded JSON body, turning malformed JSON into a clear 422. */
export async function readJsonBody(req: Request, limit = settings.maxJsonBodyBytes): Promise<unknown> {
  const text = await readBodyText(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new BerthError("invalid", "the request body must be JSON");
  }
}
