// Packs a dropped folder into a .tar.gz in the browser (ustar, with a PAX header for long paths),
// compressed by the browser's own CompressionStream: no library, nothing leaves until it is sent.
export interface SourceFile {
  path: string;
  file: File;
  /** Unix permission bits when known (from a zip); 0644 otherwise. */
  mode?: number;
}

const enc = new TextEncoder();

function header(name: string, size: number, type: "0" | "x", mtime: number, mode = 0o644): Uint8Array<ArrayBuffer> {
  const h = new Uint8Array(512);
  const put = (text: string, offset: number, len: number) => h.set(enc.encode(text).slice(0, len), offset);
  const octal = (n: number, len: number) => n.toString(8).padStart(len - 1, "0") + "\0";
  put(name, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(mtime, 12), 136, 12);
  put("        ", 148, 8);
  put(type, 156, 1);
  put("ustar\u000000", 257, 8);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return h;
}

const padding = (size: number) => new Uint8Array((512 - (size % 512)) % 512);

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = enc.encode(body).length;
  len += String(len + String(len).length).length;
  return `${len}${body}`;
}

export async function packTarGz(files: SourceFile[]): Promise<Blob> {
  const parts: BlobPart[] = [];
  const mtime = Math.floor(Date.now() / 1000);
  for (const { path, file, mode } of files) {
    if (enc.encode(path).length > 100) {
      const pax = new Uint8Array(enc.encode(paxRecord("path", path)));
      parts.push(header("././@PaxHeader", pax.length, "x", mtime), pax, padding(pax.length));
    }
    parts.push(header(path, file.size, "0", mtime, mode), file, padding(file.size));
  }
  parts.push(new Uint8Array(1024));
  return new Response(new Blob(parts).stream().pipeThrough(new CompressionStream("gzip"))).blob();
}

/** Reads a dropped folder's files (recursively), with paths relative to the folder. */
export async function readDroppedFolder(entry: FileSystemDirectoryEntry): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const walk = async (dir: FileSystemDirectoryEntry, prefix: string): Promise<void> => {
    const reader = dir.createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const entry of batch) {
        // The .git folder is history, not source; leave it out as `git archive` would.
        if (entry.name === ".git" && prefix === "") continue;
        if (entry.isDirectory) await walk(entry as FileSystemDirectoryEntry, `${prefix}${entry.name}/`);
        else out.push({ path: `${prefix}${entry.name}`, file: await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)) });
      }
    }
  };
  await walk(entry, "");
  return out;
}
