// Everything without a Dockerfile is built by Heroku-v2 buildpacks in a throw-away berth/builder
// container: source at /app, buildpacks at /berth/buildpacks, config in /berth/env, the app's
// cache volume at /cache. No Docker socket and no host folder is ever mounted into it.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { create, extract } from "tar";
import tarStream from "tar-stream";
import { settings } from "../../env.ts";
import { appObjectName } from "../../docker/labels.ts";
import { ensureBuildNetwork } from "../../docker/build-network.ts";
import { demuxStream, dockerFor, ensureVolume } from "../../docker/runtime.ts";
import { APP_USER } from "../image-user.ts";
import { watchBuildDisk } from "./disk-watch.ts";
import { parseProcfile, parseReleaseYaml } from "../procfile.ts";
import type { BuildContext, Builder, BuildResult } from "./types.ts";

const BUILDER_IMAGE = "berth/builder:latest";
const RUNNER_IMAGE = "berth/runner:latest";
const BUILDER_MEMORY = 2 * 1024 ** 3;
const HOST_CA = "/etc/ssl/certs/ca-certificates.crt";

export const buildpackBuilder: Builder = {
  name: "buildpack",
  applies: () => true,
  async build(ctx) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "berth-slug-"));
    try {
      const { buildpack, releaseYaml, procfile } = await compileSlug(ctx, work);
      // The slug's files belong to the runner's app user (buildSlugImage), who runs it.
      return {
        image: ctx.imageTag,
        buildpack,
        processTypes: parseReleaseYaml(releaseYaml),
        builtProcfile: procfile === undefined ? {} : parseProcfile(procfile),
        runAs: APP_USER,
      } satisfies BuildResult;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

/** Runs bin/build in the builder container, then builds the slug image from its /app. */
async function compileSlug(ctx: BuildContext, work: string): Promise<{ buildpack: string; releaseYaml: string; procfile?: string }> {
  const docker = dockerFor(ctx.host);
  const cacheVolume = appObjectName(ctx.appId, "cache");
  await ensureVolume(ctx.host, cacheVolume, { "berth.kind": "cache", "berth.app": ctx.app });
  const network = await ensureBuildNetwork(ctx.host);
  const container = await docker.createContainer({
    name: appObjectName(ctx.appId, "build", ctx.buildId),
    Image: BUILDER_IMAGE,
    Cmd: ["/berth/buildpacks/bin/build"],
    Env: builderEnv(),
    Labels: { ...ctx.labels, "berth.app": ctx.app, "berth.kind": "build" },
    HostConfig: {
      Memory: BUILDER_MEMORY,
      MemorySwap: BUILDER_MEMORY,
      PidsLimit: 4096,
      SecurityOpt: ["no-new-privileges"],
      NetworkMode: network,
      Mounts: [{ Type: "volume", Source: cacheVolume, Target: "/cache" }],
    },
  });
  try {
    await container.putArchive(packTree(await ctx.extractSource(), "app"), { path: "/" });
    await container.putArchive(packTree(path.join(settings.root, "buildpacks"), "berth/buildpacks"), { path: "/" });
    await container.putArchive(packBerthFiles(ctx, work), { path: "/" });

    const output = await container.attach({ stream: true, stdout: true, stderr: true });
    const lines = demuxStream(ctx.host, output);
    let partial = "";
    lines.on("data", (chunk: Buffer) => {
      const parts = (partial + chunk.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) ctx.log.line(line);
    });
    await container.start();
    const disk = watchBuildDisk(ctx.host, container.id, { limitBytes: settings.maxBuildDiskBytes, kill: () => container.kill() });
    let exit: number;
    try {
      exit = await Promise.race([waitWithTimeout(container, ctx.timeoutMs), disk.exceeded]);
    } finally {
      disk.stop();
    }
    const overDisk = disk.reason();
    if (overDisk) throw new Error(overDisk);
    if (partial) ctx.log.line(partial);
    if (exit !== 0) throw new Error(`the buildpack build failed (exit code ${exit})`);

    // The slug goes from the builder straight into the image build, never onto the host's disk:
    // its links (e.g. a virtualenv's absolute ones) are copied as they are.
    await buildSlugImage(ctx, await container.getArchive({ path: "/app" }));
    const out = path.join(work, "out");
    fs.mkdirSync(out);
    await untar(await container.getArchive({ path: "/berth/out" }), out);
    const read = (name: string) => (fs.existsSync(path.join(out, "out", name)) ? fs.readFileSync(path.join(out, "out", name), "utf8") : undefined);
    return {
      buildpack: (read("buildpack") ?? "").trim().split("\n").filter(Boolean).join(", "),
      releaseYaml: read("release.yml") ?? "",
      // the Procfile as the build left it (a build step may write one), copied out by bin/build
      procfile: read("Procfile"),
    };
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}

async function waitWithTimeout(container: { wait(): Promise<{ StatusCode: number }>; kill(): Promise<unknown> }, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      container.kill().catch(() => undefined);
      reject(new Error(`the build took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`));
    }, timeoutMs);
  });
  try {
    return (await Promise.race([container.wait(), timeout])).StatusCode;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The slug image: berth/runner with the compiled /app, owned by the unprivileged user. The slug
 * is put into a stopped berth/runner container and committed — one layer written once, where an
 * image build would copy the thousands of files of a node_modules twice (about 3× slower).
 */
async function buildSlugImage(ctx: BuildContext, slugArchive: NodeJS.ReadableStream): Promise<void> {
  ctx.log.line("-----> Compressing and building the slug image");
  const docker = dockerFor(ctx.host);
  const holder = await docker.createContainer({
    name: appObjectName(ctx.appId, "slug", ctx.buildId),
    Image: RUNNER_IMAGE,
    NetworkDisabled: true,
    Labels: { ...ctx.labels, "berth.app": ctx.app, "berth.kind": "build" },
  });
  try {
    const owned = tarStream.pack();
    const slug = tarStream.extract();
    slug.on("entry", (header, body, next) => {
      body.pipe(owned.entry({ ...header, uid: APP_UID, gid: APP_UID, uname: "app", gname: "app" }, next));
    });
    slug.on("finish", () => owned.finalize());
    slug.on("error", (err) => owned.destroy(err));
    slugArchive.pipe(slug);
    await holder.putArchive(owned as unknown as NodeJS.ReadableStream, { path: "/" });
    const [repo, tag] = splitTag(ctx.imageTag);
    await holder.commit({ repo, tag, pause: false });
  } finally {
    await holder.remove({ force: true, v: true }).catch(() => undefined);
  }
}

const APP_UID = 1000;

function splitTag(reference: string): [string, string] {
  const at = reference.lastIndexOf(":");
  return at > reference.lastIndexOf("/") ? [reference.slice(0, at), reference.slice(at + 1)] : [reference, "latest"];
}

function builderEnv(): string[] {
  const ca = "/berth/ca.crt";
  const env = [
    "STACK=berth",
    `BERTH_MAX_CACHE_KB=${Math.floor(settings.maxCacheVolumeBytes / 1024)}`,
    `SSL_CERT_FILE=${ca}`,
    `NODE_EXTRA_CA_CERTS=${ca}`,
    `npm_config_cafile=${ca}`,
    `GIT_SSL_CAINFO=${ca}`,
    `PIP_CERT=${ca}`,
    `REQUESTS_CA_BUNDLE=${ca}`,
  ];
  const registry = npmRegistry();
  if (registry) env.push(`npm_config_registry=${registry}`);
  return env;
}

let registryCache: string | undefined;
/** The npm registry this machine uses, so builds reach the same one. */
function npmRegistry(): string {
  if (registryCache === undefined) {
    try {
      registryCache = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8", timeout: 10_000 }).trim();
    } catch {
      registryCache = "";
    }
  }
  return registryCache;
}

/** /berth/env/<KEY> files (Heroku's ENV_DIR), the CA bundle and an empty /berth/out. */
function packBerthFiles(ctx: BuildContext, work: string): NodeJS.ReadableStream {
  const root = path.join(work, "berth-files");
  fs.mkdirSync(path.join(root, "berth", "env"), { recursive: true });
  fs.mkdirSync(path.join(root, "berth", "out"), { recursive: true });
  for (const [name, value] of Object.entries(ctx.config)) fs.writeFileSync(path.join(root, "berth", "env", name), value);
  if (fs.existsSync(HOST_CA)) fs.copyFileSync(HOST_CA, path.join(root, "berth", "ca.crt"));
  return create({ cwd: root, portable: true }, ["berth"]) as unknown as NodeJS.ReadableStream;
}

/** A tar of folder `dir` whose entries sit under `prefix/`. */
function packTree(dir: string, prefix: string): NodeJS.ReadableStream {
  return create({ cwd: dir, prefix, portable: false }, ["."]) as unknown as NodeJS.ReadableStream;
}

async function untar(stream: NodeJS.ReadableStream, dir: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const sink = extract({ cwd: dir, strict: true });
    stream.on("error", reject);
    sink.on("error", reject);
    sink.on("close", resolve);
    stream.pipe(sink as unknown as NodeJS.WritableStream);
  });
}

