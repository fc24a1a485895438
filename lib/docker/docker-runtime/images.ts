// Images on the Docker Engine API: build, commit, tag, remove, list, inspect, read files, pull.
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tarStream from "tar-stream";
import type { BuildImageSpec, HostRef, ImageRemoval, ListedImage } from "../container-runtime.ts";
import { dockerFor, ignoreMissing } from "../engine-client.ts";
import { berthLabels } from "../labels.ts";

export async function tagImage(host: HostRef, image: string, repo: string, tag: string): Promise<void> {
  await dockerFor(host).getImage(image).tag({ repo, tag });
}

export async function removeImageTag(host: HostRef, reference: string): Promise<ImageRemoval> {
  try {
    await dockerFor(host).getImage(reference).remove({ force: false });
    return "removed";
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 409) return "in-use";
    if (status === 404) return "missing";
    throw err;
  }
}

export async function listImages(host: HostRef, repository: string): Promise<ListedImage[]> {
  return dockerFor(host).listImages({ filters: { reference: [repository] } });
}

export async function imageId(host: HostRef, reference: string): Promise<string | null> {
  try {
    return (await dockerFor(host).getImage(reference).inspect()).Id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

export async function imageConfig(host: HostRef, image: string): Promise<{ user: string; labels: Record<string, string> }> {
  const config = (await dockerFor(host).getImage(image).inspect()).Config;
  return { user: config?.User ?? "", labels: config?.Labels ?? {} };
}

export async function imageSize(host: HostRef, image: string): Promise<number> {
  return (await dockerFor(host).getImage(image).inspect()).Size;
}

export async function readImageFiles(host: HostRef, image: string, paths: string[], maxBytes = 1024 * 1024): Promise<string[]> {
  const container = await dockerFor(host).createContainer({
    Image: image,
    // Never run: create only needs a command when the image names none.
    Entrypoint: ["/berth-never-runs"],
    Labels: berthLabels({ "berth.kind": "build" }),
    NetworkDisabled: true,
  });
  try {
    return await Promise.all(
      paths.map(async (file) => {
        const archive = await ignoreMissing(container.getArchive({ path: file }) as Promise<NodeJS.ReadableStream>);
        return archive ? firstEntryText(archive, maxBytes) : "";
      }),
    );
  } finally {
    await ignoreMissing(container.remove({ force: true, v: true }), 409);
  }
}

/** The text of a tar stream's first entry, cut at maxBytes; the rest is drained unread. */
async function firstEntryText(archive: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let first = true;
  const extract = tarStream.extract();
  extract.on("entry", (_header, body, next) => {
    body.on("data", (data: unknown) => {
      const chunk = data as Buffer;
      if (first && size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
      size += chunk.length;
    });
    body.on("end", () => {
      first = false;
      next();
    });
    body.resume();
  });
  await pipeline(archive as unknown as Readable, extract);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The archive is put into a stopped container of `image` and committed — one layer written once,
 * where an image build would copy the thousands of files of a node_modules twice (about 3× slower).
 */
export async function commitArchive(
  host: HostRef,
  spec: { name: string; image: string; labels: Record<string, string>; archive: () => NodeJS.ReadableStream; tag: string },
): Promise<void> {
  const holder = await dockerFor(host).createContainer({ name: spec.name, Image: spec.image, NetworkDisabled: true, Labels: spec.labels });
  try {
    await holder.putArchive(spec.archive(), { path: "/" });
    const [repo, tag] = splitTag(spec.tag);
    await holder.commit({ repo, tag, pause: false });
  } finally {
    await holder.remove({ force: true, v: true }).catch(() => undefined);
  }
}

function splitTag(reference: string): [string, string] {
  const at = reference.lastIndexOf(":");
  return at > reference.lastIndexOf("/") ? [reference.slice(0, at), reference.slice(at + 1)] : [reference, "latest"];
}

/**
 * Builds an image with the engine's builder from a tar (optionally gzipped) context.
 * Streams each output line to onOutput; rejects with the builder's error message.
 */
export async function buildImage(host: HostRef, opts: BuildImageSpec): Promise<string> {
  const docker = dockerFor(host);
  const stream = await docker.buildImage(opts.context, {
    t: opts.tag,
    memory: opts.memoryBytes,
    // RUN steps run on this network (see build-network.ts), never the engine's default bridge.
    networkmode: opts.network,
    rm: true,
    forcerm: true,
  });
  return await new Promise<string>((resolve, reject) => {
    let imageId = "";
    let failure = "";
    const timer = setTimeout(() => {
      (stream as unknown as { destroy: () => void }).destroy();
      reject(new Error(`the build took longer than ${Math.round(opts.timeoutMs / 1000)} s`));
    }, opts.timeoutMs);
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        clearTimeout(timer);
        if (err) reject(err);
        else if (failure) reject(new Error(failure));
        else resolve(imageId);
      },
      (event: { stream?: string; error?: string; aux?: { ID?: string } }) => {
        if (event.aux?.ID) imageId = event.aux.ID;
        if (event.stream) for (const line of event.stream.replace(/\n$/, "").split("\n")) opts.onOutput(line);
        if (event.error) {
          failure = event.error.trim();
          opts.onOutput(failure);
        }
      },
    );
  });
}

export async function pullImage(host: HostRef, reference: string, signal: AbortSignal): Promise<void> {
  const docker = dockerFor(host);
  // `repo:tag@sha256:…` (what a swarm service names) is pulled by its digest alone: the API takes one of the two
  const stream = (await docker.pull(reference.replace(/:[^/@]+@/, "@"), { abortSignal: signal })) as NodeJS.ReadableStream;
  await new Promise<void>((resolve, reject) => {
    let streamError: string | undefined;
    const onAbort = () => {
      (stream as unknown as { destroy?: (e?: Error) => void }).destroy?.(new Error("aborted"));
      reject(new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    docker.modem.followProgress(
      stream,
      (err: Error | null) => {
        signal.removeEventListener("abort", onAbort);
        if (err) reject(err);
        else if (streamError) reject(new Error(streamError));
        else resolve();
      },
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        if (event.error || event.errorDetail) streamError = event.errorDetail?.message ?? event.error;
      },
    );
  });
}
