// Checks an uploaded source archive before anything is extracted: every entry must stay inside
// the tree (no absolute paths, no `..`, no links pointing out), be a plain file, directory or
// link, and the archive must stay under the entry and size limits (read as a stream: see
// read-archive.ts).
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { settings } from "../env.ts";
import { invalid } from "../errors.ts";
import { readArchive, type ArchiveLimits } from "./read-archive.ts";

export type TarballLimits = ArchiveLimits;

export const DEFAULT_LIMITS: TarballLimits = { maxEntries: settings.maxUploadEntries, maxUnpackedBytes: settings.maxUnpackedBytes };

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

/**
 * Streams the (gzipped) tar through the limits and throws at the first problem: `invalid` for an
 * unsafe entry or a damaged archive, `too_large` past the size or entry limit.
 */
export async function verifyArchive(input: Readable, limits: TarballLimits = DEFAULT_LIMITS): Promise<{ entries: number; bytes: number }> {
  const summary = await readArchive(input, limits, (entry) => {
    const problem = entryProblem(entry);
    if (problem) throw invalid(`unsafe archive: ${problem}`);
  });
  if (summary.entries === 0) throw invalid("the archive is empty");
  return summary;
}

/** verifyArchive for a stored file. */
export function verifyTarball(file: string, limits: TarballLimits = DEFAULT_LIMITS): Promise<{ entries: number; bytes: number }> {
  return verifyArchive(fs.createReadStream(file), limits);
}
