// Checks an uploaded source archive before anything is extracted: every entry must stay inside
// the tree (no absolute paths, no `..`, no links pointing out), be a plain file, directory or
// link, and the archive must stay under the entry and size limits.
import path from "node:path";
import { list } from "tar";
import { invalid } from "../errors.ts";

export interface TarballLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
}

export const DEFAULT_LIMITS: TarballLimits = { maxEntries: 100_000, maxUnpackedBytes: 2 * 1024 ** 3 };

const ALLOWED_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"]);
// Headers that carry metadata rather than files.
const META_TYPES = new Set(["ExtendedHeader", "GlobalExtendedHeader", "NextFileHasLongPath", "NextFileHasLongLinkpath", "OldExtendedHeader"]);

/** Returns the problem with one entry, or null when it is safe. Pure, for unit tests. */
export function entryProblem(entry: { path: string; type: string; linkpath?: string }): string | null {
  const name = entry.path;
  if (META_TYPES.has(entry.type)) return null;
  if (!ALLOWED_TYPES.has(entry.type)) return `${name}: ${entry.type} entries are not allowed`;
  if (name.includes("\0")) return "an entry name contains a NUL byte";
  if (path.posix.isAbsolute(name) || /^[a-zA-Z]:/.test(name)) return `${name}: absolute paths are not allowed`;
  if (name.split(/[\\/]/).includes("..")) return `${name}: paths with .. are not allowed`;
  if (entry.type === "SymbolicLink" || entry.type === "Link") {
    const target = entry.linkpath ?? "";
    if (path.posix.isAbsolute(target)) return `${name}: links to absolute paths are not allowed`;
    // Symlinks resolve from the link's folder; hard links from the archive root.
    const base = entry.type === "SymbolicLink" ? path.posix.dirname(name) : ".";
    const resolved = path.posix.normalize(path.posix.join(base, target));
    if (resolved === ".." || resolved.startsWith("../")) return `${name}: the link points outside the source`;
  }
  return null;
}

/** Reads the whole (gzipped) tar and throws an `invalid` error at the first problem. */
export async function verifyTarball(file: string, limits: TarballLimits = DEFAULT_LIMITS): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  let problem: string | null = null;
  try {
    await list({
      file,
      strict: true,
      onReadEntry(entry) {
        if (problem) return;
        entries += 1;
        bytes += entry.size ?? 0;
        problem =
          entryProblem({ path: entry.path, type: entry.type, linkpath: entry.linkpath }) ??
          (entries > limits.maxEntries ? `the archive has more than ${limits.maxEntries} entries` : null) ??
          (bytes > limits.maxUnpackedBytes ? `the archive unpacks to more than ${limits.maxUnpackedBytes} bytes` : null);
      },
    });
  } catch (err) {
    throw invalid(`the upload is not a readable .tar.gz archive: ${(err as Error).message}`);
  }
  if (problem) throw invalid(`unsafe archive: ${problem}`);
  if (entries === 0) throw invalid("the archive is empty");
  return { entries, bytes };
}
