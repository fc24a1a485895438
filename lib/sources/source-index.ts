// What a build needs to know about a source before it is extracted: which files it has at its
// root, and the Procfile's text. Reading the archive's index is much cheaper than extracting it,
// and a Dockerfile build never needs the extracted tree.
import fs from "node:fs";
import { settings } from "../env.ts";
import { readArchive } from "./read-archive.ts";

// A Procfile is a few lines, an app.json a few KiB; anything larger is not read (a build that
// needs app.json refuses it: see readManifest).
export const READ_LIMIT = 64 * 1024;

export interface SourceIndex {
  /** Names of the files and folders at the source's root. */
  root: Set<string>;
  /** The text of small root files that builds read (Procfile, CHECKS, app.json). */
  files: Map<string, string>;
}

const READ = new Set(["Procfile", "CHECKS", "app.json"]);

export async function indexSource(file: string): Promise<SourceIndex> {
  const root = new Set<string>();
  const files = new Map<string, string>();
  // The same limits as the upload was verified against: a stored source is read as a stream too.
  const limits = { maxEntries: settings.maxUploadEntries, maxUnpackedBytes: settings.maxUnpackedBytes };
  await readArchive(fs.createReadStream(file), limits, async (entry, content) => {
    const name = entry.path.replace(/^\.\//, "");
    const top = name.split("/")[0]!;
    if (top) root.add(top);
    if (READ.has(name) && entry.type === "File" && entry.size <= READ_LIMIT) {
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk as Buffer);
      files.set(name, Buffer.concat(chunks).toString("utf8"));
    }
  });
  return { root, files };
}
