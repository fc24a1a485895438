// The build stage: source -> image. On success it creates the next release and queues its deploy;
// on failure the build is marked failed with its log kept, and nothing that serves is touched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { extract } from "tar";
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { releaseDeployLock, releaseDeployLockWith } from "../apps/deploy-lock.ts";
import { openConfig } from "../config/config-vars.ts";
import { berthLabels, buildImageTag, LABEL } from "../docker/labels.ts";
import { runtimeFor } from "../docker/container-runtime.ts";
import { scheduler } from "../scheduler/index.ts";
import { enqueueDeploy } from "../queue/queues.ts";
import { createRelease } from "../releases/create-release.ts";
import { buildLogWriter, endBuildLog, type BuildLog } from "./build-log.ts";
import { chooseBuilder } from "./builders/registry.ts";
import { indexSource } from "../sources/source-index.ts";
import { parseProcfile, type ProcessTypes } from "./procfile.ts";
import { CHECKS_FILE, describeChecks, parseChecksFile, type ChecksFile } from "../deploy/checks-file.ts";
import { applyManifest, buildActor } from "../manifest/apply-manifest.ts";
import { chooseChecks, readBuildManifest, withManifestBuildpacks, type BuildManifest } from "../manifest/build-manifest.ts";

const FINAL = new Set(["succeeded", "failed"]);

export async function runBuild(buildId: string): Promise<void> {
  const build = await db.build.findUnique({ where: { id: buildId }, include: { app: true } });
  // Gone with its deleted app, or a retried job that already ended: nothing to do.
  if (!build || FINAL.has(build.status)) return;
  const log = buildLogWriter(buildId);
  await db.build.update({ where: { id: buildId }, data: { status: "building", startedAt: new Date() } });
  const source = build.commit ? build.commit.slice(0, 7) : "an upload";
  log.line(`-----> Building ${build.app.name} from ${source}`);

  let outcome: { image: string; buildpack?: string; processTypes: ProcessTypes; runAs: string; builder: string; checks: ChecksFile | null; manifest: BuildManifest | null };
  try {
    outcome = await buildImage(build, log);
    // The app's first deploy sets it up from app.json once its image is built, before its release.
    if (outcome.manifest?.firstDeploy) {
      await applyManifest({ app: build.app, actor: await buildActor(build.createdBy), manifest: outcome.manifest.manifest, processTypes: outcome.processTypes, log });
    }
  } catch (err) {
    const message = (err as Error).message;
    log.line(` !     Build failed: ${message}`);
    // Failed and unlocked together: whoever sees the failure (a poller, the push) can retry at once.
    await releaseDeployLockWith(build.appId, buildId, db.build.update({ where: { id: buildId }, data: { status: "failed", error: message, finishedAt: new Date() } }));
    await log.flush();
    await endBuildLog(buildId, "failed");
    return;
  }

  const size = await runtimeFor(await scheduler().buildHost()).imageSize(outcome.image);
  await db.build.update({
    where: { id: buildId },
    data: {
      status: "succeeded",
      finishedAt: new Date(),
      image: outcome.image,
      imageSize: size,
      builder: outcome.builder,
      buildpack: outcome.buildpack,
      processTypes: JSON.stringify(outcome.processTypes),
      runAs: outcome.runAs,
      checks: outcome.checks ? JSON.stringify(outcome.checks) : null,
      postdeploy: outcome.manifest?.manifest.postdeploy ?? null,
    },
  });
  const types = Object.keys(outcome.processTypes).join(", ") || "none";
  log.line(`-----> Build succeeded: ${(size / 1024 / 1024).toFixed(1)} MB image, process types: ${types}`);
  try {
    const release = await createRelease({
      appId: build.appId,
      buildId,
      actor: build.createdBy,
      summary: `${build.createdBy} deployed ${build.commit ? build.commit.slice(0, 7) : `upload ${buildId.slice(0, 8)}`}`,
    });
    log.line(`-----> Releasing v${release.version}`);
    await log.flush();
    await enqueueDeploy(release.id, buildId);
  } catch (err) {
    log.line(` !     Release failed: ${(err as Error).message}`);
    await releaseDeployLock(build.appId, buildId);
    await log.flush();
    await endBuildLog(buildId, "failed");
    throw err;
  }
}

async function buildImage(
  build: { id: string; appId: string; sourcePath: string; app: { id: string; name: string; healthcheckPath: string | null; manifestAppliedAt: Date | null } },
  log: BuildLog,
) {
  let sourceDir: string | undefined;
  const extractSource = async () => {
    if (!sourceDir) {
      sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-src-"));
      // Read in 64 KiB pieces: node-tar reads a file under 16 MB whole and inflates it in one go.
      await extract({ file: build.sourcePath, cwd: sourceDir, strict: true, maxReadSize: 64 * 1024 });
    }
    return sourceDir;
  };
  try {
    const [source, config, host] = await Promise.all([
      indexSource(build.sourcePath),
      db.config.findFirst({ where: { appId: build.appId }, orderBy: { createdAt: "desc" } }),
      scheduler().buildHost(),
    ]);
    const procfile = source.files.has("Procfile") ? parseProcfile(source.files.get("Procfile")!) : {};
    const configValues = config ? openConfig(config.values) : {};
    // Read before building: a malformed app.json or CHECKS file fails the build at once, naming its line.
    const manifest = await readBuildManifest({ source, app: build.app, config: configValues, log });
    const checksFile = source.files.has(CHECKS_FILE) ? parseChecksFile(source.files.get(CHECKS_FILE)!) : null;
    const checks = chooseChecks(manifest?.manifest, checksFile, build.app, log);
    if (checks && checks === checksFile) {
      const instead = build.app.healthcheckPath ? ` (the app's health-check path ${build.app.healthcheckPath} is checked instead)` : "";
      log.line(`-----> ${CHECKS_FILE} file: web processes must answer ${describeChecks(checks)}${instead}`);
    }
    const builder = chooseBuilder(source);
    const result = await builder.build({
      app: build.app.name,
      appId: build.appId,
      buildId: build.id,
      sourceFile: build.sourcePath,
      extractSource: withManifestBuildpacks({ manifest: manifest?.manifest, builder: builder.name, source, config: configValues, extractSource, log }),
      host,
      config: configValues,
      log,
      timeoutMs: settings.buildTimeoutMs,
      imageTag: buildImageTag(build.appId, build.id),
      labels: berthLabels({ [LABEL.app]: build.app.name }),
    });
    // A builder that read the Procfile after building (a build step may write it) knows better.
    return { ...result, processTypes: { ...result.processTypes, ...(result.builtProcfile ?? procfile) }, builder: builder.name, checks, manifest };
  } finally {
    if (sourceDir) fs.rmSync(sourceDir, { recursive: true, force: true });
  }
}
