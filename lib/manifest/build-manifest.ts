// The build's side of app.json, before anything is built: read and check it (a malformed one, or a
// first deploy missing a required config var, fails the build at once and changes nothing), say
// what it asks for, and hand its health checks and buildpacks to the build like a CHECKS or
// .buildpacks file would. Setting the app up from it comes after the image (apply-manifest.ts).
import fs from "node:fs";
import path from "node:path";
import type { BuildLog } from "../builds/build-log.ts";
import type { ConfigValues } from "../config/schemas.ts";
import { describeChecks, type ChecksFile } from "../deploy/checks-file.ts";
import { currentRelease } from "../releases/create-release.ts";
import { READ_LIMIT, type SourceIndex } from "../sources/source-index.ts";
import { APP_JSON, AppJsonError, describeMissingEnv, missingRequiredEnv, parseAppJson, type AppManifest } from "./app-json.ts";

export interface BuildManifest {
  manifest: AppManifest;
  /** Whether this build sets the app up from it (env, add-ons, formation, postdeploy). */
  firstDeploy: boolean;
}

/** The source's app.json, checked for this build; null when the source has none. */
export async function readBuildManifest(input: {
  source: SourceIndex;
  app: { id: string; manifestAppliedAt: Date | null };
  config: ConfigValues;
  log: BuildLog;
}): Promise<BuildManifest | null> {
  const manifest = readManifest(input.source);
  if (!manifest) return null;
  const firstDeploy = input.app.manifestAppliedAt === null && !(await currentRelease(input.app.id));
  for (const note of manifest.notes) input.log.line(`       ${APP_JSON}: ${note}`);
  if (firstDeploy) {
    const missing = missingRequiredEnv(manifest, input.config);
    if (missing.length) throw new AppJsonError(describeMissingEnv(manifest, missing));
  } else if (asksForSetup(manifest)) {
    input.log.line(`-----> ${APP_JSON}: env, addons, formation and scripts.postdeploy apply on an app's first deploy only; this app has been set up before`);
  }
  return { manifest, firstDeploy };
}

function readManifest(source: SourceIndex): AppManifest | null {
  const text = source.files.get(APP_JSON);
  if (text !== undefined) return parseAppJson(text);
  if (source.root.has(APP_JSON)) throw new AppJsonError(`${APP_JSON} must be a file of at most ${READ_LIMIT / 1024} KiB`);
  return null;
}

function asksForSetup(m: AppManifest): boolean {
  return Object.keys(m.env).length > 0 || m.addons.length > 0 || Object.keys(m.formation).length > 0 || m.postdeploy !== null;
}

/** The build's web checks: app.json's healthchecks win over a CHECKS file (Dokku's newer format). */
export function chooseChecks(manifest: AppManifest | undefined, checksFile: ChecksFile | null, app: { healthcheckPath: string | null }, log: BuildLog): ChecksFile | null {
  if (!manifest?.checks) return checksFile;
  // The app's own setting still wins over both when the deploy checks (health-plan.ts).
  const instead = app.healthcheckPath ? ` (the app's health-check path ${app.healthcheckPath} is checked instead)` : checksFile ? " (the CHECKS file is not used)" : "";
  log.line(`-----> ${APP_JSON} healthchecks: web processes must answer ${describeChecks(manifest.checks)}${instead}`);
  return manifest.checks;
}

/**
 * app.json's buildpacks reach the build as a .buildpacks file written into the extracted source —
 * only for a buildpack build whose app sets no BUILDPACK_URL and whose source has no .buildpacks
 * (those win, as Dokku's buildpacks:set wins over app.json).
 */
export function withManifestBuildpacks(input: {
  manifest: AppManifest | undefined;
  builder: string;
  source: SourceIndex;
  config: ConfigValues;
  extractSource: () => Promise<string>;
  log: BuildLog;
}): () => Promise<string> {
  const packs = input.manifest?.buildpacks ?? [];
  if (packs.length === 0) return input.extractSource;
  const instead =
    input.builder !== "buildpack" ? "the Dockerfile builds this app" : input.config.BUILDPACK_URL ? "the BUILDPACK_URL config var names the buildpack" : input.source.root.has(".buildpacks") ? "the .buildpacks file names them" : null;
  if (instead) {
    input.log.line(`-----> ${APP_JSON} buildpacks are not used: ${instead}`);
    return input.extractSource;
  }
  input.log.line(`-----> ${APP_JSON} buildpacks: ${packs.join(", ")}`);
  let written = false;
  return async () => {
    const dir = await input.extractSource();
    if (!written) fs.writeFileSync(path.join(dir, ".buildpacks"), `${packs.join("\n")}\n`, { flag: "wx", mode: 0o644 });
    written = true;
    return dir;
  };
}
