// Sources with a Dockerfile at their root are built by the Docker engine itself — after Berth has
// checked the Dockerfile against what a tenant may do on a shared engine (dockerfile-policy.ts),
// on the isolated build network, and the image's user and labels before it may run.
import fs from "node:fs";
import { settings } from "../../env.ts";
import { appImageRepo, LABEL, STACK_REPOSITORIES } from "../../docker/labels.ts";
import { ensureBuildNetwork } from "../../docker/build-network.ts";
import { runtimeFor, type HostRef } from "../../docker/container-runtime.ts";
import { dockerfileProblem } from "../dockerfile-policy.ts";
import { resolveImageRunAs } from "../image-run-as.ts";
import { readDockerfile } from "../read-dockerfile.ts";
import type { Builder } from "./types.ts";

const BUILD_MEMORY = 2 * 1024 ** 3;

export const dockerfileBuilder: Builder = {
  name: "dockerfile",
  applies: (source) => source.root.has("Dockerfile"),
  async build(ctx) {
    ctx.log.line("-----> Building with the Dockerfile");
    const dockerfile = await readDockerfile(ctx.sourceFile);
    if ("problem" in dockerfile) throw new Error(dockerfile.problem);
    const problem = dockerfileProblem(dockerfile.text, {
      repositories: [...STACK_REPOSITORIES, appImageRepo(ctx.appId)],
      allowed: settings.allowedBaseImages,
    });
    if (problem) throw new Error(`the Dockerfile breaks a rule of this Berth: ${problem}`);
    await runtimeFor(ctx.host).buildImage({
      context: fs.createReadStream(ctx.sourceFile),
      tag: ctx.imageTag,
      memoryBytes: BUILD_MEMORY,
      network: await ensureBuildNetwork(ctx.host),
      timeoutMs: ctx.timeoutMs,
      onOutput: (line) => {
        if (line.trim() !== "") ctx.log.line(`       ${line}`);
      },
    });
    try {
      const runAs = await checkImage(ctx.host, ctx.imageTag);
      // An empty web command means "the image's own CMD".
      return { image: ctx.imageTag, processTypes: { web: "" }, runAs };
    } catch (err) {
      await runtimeFor(ctx.host).removeImageTag(ctx.imageTag).catch(() => undefined);
      throw err;
    }
  },
};

/** The numeric user the image's containers will run as; refuses root in disguise and Berth's own labels. */
async function checkImage(host: HostRef, image: string): Promise<string> {
  // The engine's builder cannot be bounded while it runs (no disk quota on overlay2 here): an
  // image past the limit is at least not kept.
  const size = await runtimeFor(host).imageSize(image);
  if (size > settings.maxBuildDiskBytes) {
    throw new Error(`the image is ${Math.round(size / 1024 / 1024)} MB, over this Berth's limit of ${Math.round(settings.maxBuildDiskBytes / 1024 / 1024)} MB per build (BERTH_MAX_BUILD_DISK_MB)`);
  }
  const config = await runtimeFor(host).imageConfig(image);
  // Berth finds its containers by these labels: an image must not set them for its containers.
  const reserved = Object.keys(config.labels).find((key) => (Object.values(LABEL) as string[]).includes(key));
  if (reserved) throw new Error(`the image sets the label ${reserved}, which is Berth's own (it tells Berth whose container is whose)`);
  const user = await resolveImageRunAs(host, image, config.user);
  if ("problem" in user) throw new Error(user.problem);
  return user.runAs;
}
