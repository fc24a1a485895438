// The Dockerfile exactly as the engine will read it from the build context: the last entry named
// Dockerfile at the root wins (as when the context is unpacked), and it must be a plain file — a
// link would let the engine read another file than the one checked.
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tarStream from "tar-stream";

const MAX_DOCKERFILE_BYTES = 256 * 1024;

export type DockerfileText = { text: string } | { problem: string };

export async function readDockerfile(sourceFile: string): Promise<DockerfileText> {
  let found: DockerfileText = { problem: "the source has no Dockerfile at its root" };
  const extract = tarStream.extract();
  extract.on("entry", (header, body, next) => {
    const name = path.posix.normalize(header.name).replace(/\/$/, "");
    if (name !== "Dockerfile") {
      body.on("end", next).resume();
      return;
    }
    if (header.type !== "file") {
      found = { problem: `the Dockerfile must be a plain file, not a ${header.type}` };
      body.on("end", next).resume();
      return;
    }
    if ((header.size ?? 0) > MAX_DOCKERFILE_BYTES) {
      found = { problem: `the Dockerfile is larger than ${MAX_DOCKERFILE_BYTES / 1024} KiB` };
      body.on("end", next).resume();
      return;
    }
    const chunks: Buffer[] = [];
    body.on("data", (c: unknown) => void chunks.push(c as Buffer));
    body.on("end", () => {
      found = { text: Buffer.concat(chunks).toString("utf8") };
      next();
    });
  });
  await pipeline(fs.createReadStream(sourceFile), createGunzip(), extract);
  return found;
}
