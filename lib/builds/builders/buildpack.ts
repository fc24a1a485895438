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
import { appObjectName, LABEL } from "../../docker/labels.ts";
import { ensureBuildNetwork } from "../../docker/build-network.ts";
import { runtimeFor } from "../../docker/container-runtime.ts";
import { LineSplitter } from "../../docker/output-lines.ts";
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
  const runtime = runtimeFor(ctx.host);
  const cacheVolume = appObjectName(ctx.appId, "cache");
  await runtime.ensureVolume(cacheVolume, { [LABEL.kind]: "cache", [LABEL.app]: ctx.app });
  const network = await ensureBuildNetwork(ctx.host);
  const id = await runtime.create({
    name: appObjectName(ctx.appId, "build", ctx.buildId),
    image: BUILDER_IMAGE,
    cmd: ["/berth/buildpacks/bin/build"],
    env: builderEnv(),
    labels: { ...ctx.labels, [LABEL.app]: ctx.app, [LABEL.kind]: "build" },
    memoryBytes: BUILDER_MEMORY,
    pidsLimit: 4096,
    network,
    mounts: [{ volume: cacheVolume, target: "/cache" }],
    // the builder never had tini: bin/build runs as it always did
    init: false,
  });
  try {
    await runtime.putArchive(id, packTree(await ctx.extractSource(), "app"), "/");
    await runtime.putArchive(id, packTree(path.join(settings.root, "buildpacks"), "berth/buildpacks"), "/");
    await runtime.putArchive(id, packBerthFiles(ctx, work), "/");

    const lines = new LineSplitter();
    await runtime.attachOutput(id, (chunk) => {
      for (const line of lines.push(chunk.toString("utf8"))) ctx.log.line(line);
    });
    await runtime.start(id);
    const disk = watchBuildDisk(runtime, id, { limitBytes: settings.maxBuildDiskBytes, kill: () => runtime.kill(id) });
    let exit: number;
    try {
      const timeoutMessage = `the build took longer than ${Math.round(ctx.timeoutMs / 1000)} s and was stopped`;
      exit = await Promise.race([runtime.waitForExit(id, { timeoutMs: ctx.timeoutMs, timeoutMessage }), disk.exceeded]);
    } finally {
      disk.stop();
    }
    const overDisk = disk.reason();
    if (overDisk) throw new Error(overDisk);
    const rest = lines.rest();
    if (rest) ctx.log.line(rest);
    if (exit !== 0) throw new Error(`the buildpack build failed (exit code ${exit})`);

    // The slug goes from the builder straight into the image build, never onto the host's disk:
    // its links (e.g. a virtualenv's absolute ones) are copied as they are.
    await buildSlugImage(ctx, await runtime.getArchive(id, "/app"));
    const out = path.join(work, "out");
    fs.mkdirSync(out);
    await untar(await runtime.getArchive(id, "/berth/out"), out);
    const read = (name: string) => (fs.existsSync(path.join(out, "out", name)) ? fs.readFileSync(path.join(out, "out", name), "utf8") : undefined);
    return {
      buildpack: (read("buildpack") ?? "").trim().split("\n").filter(Boolean).join(", "),
      releaseYaml: read("release.yml") ?? "",
      // the Procfile as the build left it (a build step may write one), copied out by bin/build
      procfile: read("Procfile"),
    };
  } finally {
    await runtime.remove(id).catch(() => undefined);
  }
}

/**
 * The slug image: berth/runner with the compiled /app, owned by the unprivileged user. The slug
 * is put into a stopped berth/runner container and committed — one layer written once, where an
 * image build would copy the thousands of files of a node_modules twice (about 3× slower).
 */
async function buildSlugImage(ctx: BuildContext, slugArchive: NodeJS.ReadableStream): Promise<void> {
  ctx.log.line("-----> Compressing and building the slug image");
  await runtimeFor(ctx.host).commitArchive({
    name: appObjectName(ctx.appId, "slug", ctx.buildId),
    image: RUNNER_IMAGE,
    labels: { ...ctx.labels, [LABEL.app]: ctx.app, [LABEL.kind]: "build" },
    tag: ctx.imageTag,
    archive: () => ownedByApp(slugArchive),
  });
}

/** The slug's tar with every entry owned by the runner's app user. */
function ownedByApp(slugArchive: NodeJS.ReadableStream): NodeJS.ReadableStream {
  const owned = tarStream.pack();
  const slug = tarStream.extract();
  slug.on("entry", (header, body, next) => {
    body.pipe(owned.entry({ ...header, uid: APP_UID, gid: APP_UID, uname: "app", gname: "app" }, next));
  });
  slug.on("finish", () => owned.finalize());
  slug.on("error", (err) => owned.destroy(err));
  slugArchive.pipe(slug);
  return owned as unknown as NodeJS.ReadableStream;
}

const APP_UID = 1000;

function builderEnv(): Record<string, string> {
  const ca = "/berth/ca.crt";
  const env: Record<string, string> = {
    STACK: "berth",
    BERTH_MAX_CACHE_KB: String(Math.floor(settings.maxCacheVolumeBytes / 1024)),
    SSL_CERT_FILE: ca,
    NODE_EXTRA_CA_CERTS: ca,
    npm_config_cafile: ca,
    GIT_SSL_CAINFO: ca,
    PIP_CERT: ca,
    REQUESTS_CA_BUNDLE: ca,
  };
  const registry = npmRegistry();
  if (registry) env.npm_config_registry = registry;
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

