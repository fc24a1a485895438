// Reads a .zip in the browser (stored or deflated entries, via DecompressionStream), so a zip of
// an app can be repacked as the .tar.gz the API takes. Unix modes are kept (executable scripts).
// Bounded by the server's own upload limits (entries, unpacked bytes): a zip bomb stops at the
// first byte past them with a clear message instead of filling the tab's memory.
import type { SourceFile } from "./tarball.ts";

export interface ZipLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
}

// The server's defaults (BERTH_MAX_UPLOAD_ENTRIES, BERTH_MAX_UNPACKED_MB), when no limits are given.
const DEFAULT_LIMITS: ZipLimits = { maxEntries: 100_000, maxUnpackedBytes: 2048 * 1024 * 1024 };
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const tooBig = (limits: ZipLimits) => new Error(`it unpacks to more than ${mib(limits.maxUnpackedBytes)}, Berth's limit for a source (is it a zip bomb?)`);

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export async function readZip(zip: Blob, limits: ZipLimits = DEFAULT_LIMITS): Promise<SourceFile[]> {
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const view = new DataView(bytes.buffer);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error("this is not a zip archive (no central directory)");
  const count = view.getUint16(end + 10, true);
  if (count > limits.maxEntries) throw new Error(`it has ${count} entries, more than Berth's limit of ${limits.maxEntries}`);
  // What the entries' headers declare is checked first; the inflated bytes are counted too (a
  // header may lie).
  let unpacked = 0;
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const files: SourceFile[] = [];
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== CENTRAL) throw new Error("the zip's central directory is damaged");
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const declaredSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const external = view.getUint32(at + 38, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff) throw new Error(`${name} is too large for this reader (zip64): upload a .tar.gz instead`);
    if (view.getUint32(localOffset, true) !== LOCAL) throw new Error(`the zip entry ${name} is damaged`);
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (unpacked + declaredSize > limits.maxUnpackedBytes) throw tooBig(limits);
    const raw = bytes.slice(dataStart, dataStart + compressedSize);
    let content: Blob;
    if (method === 0) {
      content = new Blob([raw]);
      unpacked += raw.length;
    } else if (method === 8) {
      content = await inflate(raw, limits.maxUnpackedBytes - unpacked, limits);
      unpacked += content.size;
    } else throw new Error(`${name} uses a zip compression this reader does not know (method ${method}): upload a .tar.gz instead`);
    // Made on Unix (3): the high 16 bits are the file mode.
    const mode = madeBy === 3 && external >>> 16 ? (external >>> 16) & 0o777 : undefined;
    files.push({ path: name, file: new File([content], name.split("/").pop() ?? name), mode });
  }
  return stripSharedFolder(files);
}

/** Inflates one deflated entry, stopping at the first byte past `budget`. */
async function inflate(raw: Uint8Array<ArrayBuffer>, budget: number, limits: ZipLimits): Promise<Blob> {
  const reader = new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > budget) {
      await reader.cancel();
      throw tooBig(limits);
    }
    parts.push(value);
  }
  return new Blob(parts);
}

/** A zip of a folder holds `my-app/…`: the app's files belong at the top of the source. */
function stripSharedFolder(files: SourceFile[]): SourceFile[] {
  const first = files[0]?.path.split("/")[0];
  if (!first || files.some((f) => !f.path.startsWith(`${first}/`))) return files;
  return files.map((f) => ({ ...f, path: f.path.slice(first.length + 1) }));
}
