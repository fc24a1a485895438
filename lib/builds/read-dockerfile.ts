// The Dockerfile exactly as the engine will read it from the build context: the last entry named
// Dockerfile at the root wins (as when the context is unpacked), and it must be a plain file — a
// link would let the engine read another file than the one checked.
import fs from "node:fs";
import path from "node:path";
import { settings } from "../env.ts";
import { readArchive } from "../sources/read-archive.ts";

const MAX_DOCKERFILE_BYTES = 256 * 1024;
const PLAIN_FILES = new Set(["File", "OldFile", "ContiguousFile"]);

export type DockerfileText = { text: string } | { problem: string };

export async function readDockerfile(sourceFile: string): Promise<DockerfileText> {
  let found: DockerfileText = { problem: "the source has no Dockerfile at its root" };
  const limits = { maxEntries: settings.maxUploadEntries, maxUnpackedBytes: settings.maxUnpackedBytes };
  await readArchive(fs.createReadStream(sourceFile), limits, async (entry, content) => {
    if (path.posix.normalize(entry.path).replace(/\/$/, "") !== "Dockerfile") return;
    if (!PLAIN_FILES.has(entry.type)) {
      found = { problem: `the Dockerfile must be a plain file, not a ${entry.type}` };
    } else if (entry.size > MAX_DOCKERFILE_BYTES) {
      found = { problem: `the Dockerfile is larger than ${MAX_DOCKERFILE_BYTES / 1024} KiB` };
    } else {
      const chunks: Buffer[] = [];
      for await (const chunk of content) chunks.push(chunk);
      found = { text: Buffer.concat(chunks).toString("utf8") };
    }
  });
  return found;
}
