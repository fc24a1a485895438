// Sources with a Dockerfile at their root are built by the Docker engine itself.
import fs from "node:fs";
import { buildImage } from "../../docker/runtime.ts";
import type { Builder } from "./types.ts";

const BUILD_MEMORY = 2 * 1024 ** 3;

export const dockerfileBuilder: Builder = {
  name: "dockerfile",
  applies: (source) => source.root.has("Dockerfile"),
  async build(ctx) {
    ctx.log.line("-----> Building with the Dockerfile");
    await buildImage(ctx.host, {
      context: fs.createReadStream(ctx.sourceFile),
      tag: ctx.imageTag,
      memoryBytes: BUILD_MEMORY,
      timeoutMs: ctx.timeoutMs,
      onOutput: (line) => {
        if (line.trim() !== "") ctx.log.line(`       ${line}`);
      },
    });
    // An empty web command means "the image's own CMD".
    return { image: ctx.imageTag, processTypes: { web: "" } };
  },
};
