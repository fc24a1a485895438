// Reads a .tar.gz as a stream, never whole: gunzip with backpressure, a counting stage that stops
// at the first inflated byte past the limit, then a tar parser that hands each entry to the
// caller. Verifying an upload and indexing a source both read archives through here, so a gzip
// bomb costs a few megabytes of memory and is refused as soon as it crosses the line — node-tar's
// list({ file }) reads a file under 16 MB whole and inflates it synchronously, all at once.
import { Transform, Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { extract } from "tar-stream";
import { BerthError, invalid, tooLarge } from "../errors.ts";

export interface ArchiveLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
}

export interface ArchiveEntry {
  path: string;
  /** node-tar's names (File, Directory, SymbolicLink, Link, …), as the rest of Berth uses. */
  type: string;
  linkpath?: string;
  /** The size its header declares. */
  size: number;
}

/** Called once per entry; the content may be read (to its end) before the promise settles, or left alone. */
export type EntryReader = (entry: ArchiveEntry, content: AsyncIterable<Buffer>) => void | Promise<void>;

// Compressed bytes are fed to zlib in pieces this small: zlib inflates a whole input chunk before
// it looks at backpressure again, and 16 KiB of a bomb inflates to about 16 MiB.
const FEED_BYTES = 16 * 1024;
// zlib's output piece: bigger pieces inflate faster (256 KiB: about 2 GiB/s of zeros here, 16 KiB
// is four times slower) and at most a few are in flight.
const INFLATE_CHUNK = 256 * 1024;

// Every inflated byte must belong to an entry: its 512-byte header, its content (as declared) and
// padding, long-name or pax records. Real archives hold a few KiB more (the end marker, padding
// to a 10 KiB record); a bomb of zero blocks or data after the end holds gigabytes, and the tar
// parser checksums each zero block in JavaScript (2 GiB of them took 9 s here). The slack also
// covers what the pipeline holds before the parser has seen the next header.
const BYTES_PER_ENTRY = 4096;
const UNACCOUNTED_SLACK = 8 * 1024 * 1024;

// node-tar, which extracts a verified source (run-build.ts), aborts past this ratio of inflated to
// compressed bytes; refusing it here too means an upload that passes verification also extracts.
// Only long runs of one byte compress this far (gzip's own maximum is about 1032:1).
export const MAX_RATIO = 1000;

const TYPES: Record<string, string> = {
  file: "File",
  "contiguous-file": "ContiguousFile",
  directory: "Directory",
  symlink: "SymbolicLink",
  link: "Link",
  "character-device": "CharacterDevice",
  "block-device": "BlockDevice",
  fifo: "FIFO",
};

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
export const unpackedTooLarge = (limits: ArchiveLimits) => tooLarge(`the archive unpacks to more than ${mib(limits.maxUnpackedBytes)} (the limit)`);
const unaccounted = () =>
  tooLarge(`the archive holds more than ${mib(UNACCOUNTED_SLACK)} that belong to no entry (zero blocks or data after its end): refused as a likely gzip bomb`);
const tooCompressed = () => tooLarge(`the archive inflates to more than ${MAX_RATIO} times its size: refused as a likely gzip bomb`);
export const tooManyEntries = (limits: ArchiveLimits) => tooLarge(`the archive has more than ${limits.maxEntries} entries (the limit)`);

/**
 * Streams `input` (a .tar.gz) through the limits, calling `onEntry` for each entry. Throws
 * `too_large` at the first byte or entry past a limit (a header's declared size counts at once),
 * `invalid` for anything that is not a readable .tar.gz, or whatever `onEntry` throws.
 */
export async function readArchive(input: Readable, limits: ArchiveLimits, onEntry?: EntryReader): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let declared = 0;
  let inflated = 0;
  let compressed = 0;
  const tar = extract();
  tar.on("entry", (header, content, next) => {
    // A refusal destroys the entry's stream with the same error; the pipeline reports it.
    content.on("error", () => undefined);
    entries += 1;
    declared += header.size ?? 0;
    const entry: ArchiveEntry = {
      path: header.name,
      // tar-stream gives null for a type flag it does not know
      type: (header.type && TYPES[header.type]) ?? `Unknown (${(header.type as string | null) ?? "no type"})`,
      linkpath: header.linkname ?? undefined,
      size: header.size ?? 0,
    };
    const refuse = entries > limits.maxEntries ? tooManyEntries(limits) : declared > limits.maxUnpackedBytes ? unpackedTooLarge(limits) : null;
    if (refuse) return next(refuse);
    // The next entry comes once this one's content is consumed (by onEntry or skipped here).
    let ended = false;
    let handled = false;
    content.once("end", () => {
      ended = true;
      if (handled) next();
    });
    new Promise<void>((resolve) => resolve(onEntry?.(entry, content as AsyncIterable<Buffer>))).then(
      () => {
        handled = true;
        if (ended) next();
        else content.resume();
      },
      (err: unknown) => next(err as Error),
    );
  });

  const feed = new Transform({
    transform(chunk: Buffer, _enc, done) {
      compressed += chunk.length;
      for (let at = 0; at < chunk.length; at += FEED_BYTES) this.push(chunk.subarray(at, at + FEED_BYTES));
      done();
    },
  });
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      if (inflated > limits.maxUnpackedBytes) done(unpackedTooLarge(limits));
      else if (inflated > MAX_RATIO * compressed) done(tooCompressed());
      else if (inflated > declared + entries * BYTES_PER_ENTRY + UNACCOUNTED_SLACK) done(unaccounted());
      else done(null, chunk);
    },
  });
  // tar-stream is a streamx stream: a small node Writable in front keeps pipeline()'s errors and
  // backpressure plain.
  let tarError: unknown = null;
  tar.on("error", (err: unknown) => (tarError ??= err));
  const parse = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (tarError) return done(tarError as Error);
      if (tar.write(chunk)) done();
      else tar.once("drain", () => done(tarError as Error | null));
    },
    final(done) {
      tar.once("finish", () => done());
      tar.once("error", (err: Error) => done(err));
      tar.end(null as never);
    },
  });
  tar.on("error", (err: Error) => parse.destroy(err));

  try {
    await pipeline(input, feed, zlib.createGunzip({ chunkSize: INFLATE_CHUNK }), count, parse);
  } catch (err) {
    if (err instanceof BerthError) throw err;
    throw invalid(`the upload is not a readable .tar.gz archive: ${(err as Error).message}`);
  }
  return { entries, bytes: declared };
}
