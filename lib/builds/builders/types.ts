import type { ConfigValues } from "../../config/schemas.ts";
import type { SourceIndex } from "../../sources/source-index.ts";
import type { HostRef } from "../../docker/container-runtime.ts";
import type { BuildLog } from "../build-log.ts";
import type { ProcessTypes } from "../procfile.ts";

export interface BuildContext {
  app: string;
  /** Docker objects and images are named after the app's id (see appObjectName). */
  appId: string;
  buildId: string;
  /** The verified .tar.gz as stored. */
  sourceFile: string;
  /** Extracts the source into a private temporary folder (once) and returns that folder. */
  extractSource: () => Promise<string>;
  host: HostRef;
  config: ConfigValues;
  log: BuildLog;
  timeoutMs: number;
  /** The tag the image gets: <instance>-app/<app id>:build-<id>. */
  imageTag: string;
  /** For the containers the build runs; images are not labelled (see buildImageTag). */
  labels: Record<string, string>;
}

export interface BuildResult {
  image: string;
  buildpack?: string;
  /** Process types the builder found; a Procfile in the source overrides them. */
  processTypes: ProcessTypes;
  /**
   * The Procfile as the build left it, for builders that can read it after building (buildpacks:
   * a build step may write one); it then overrides processTypes instead of the source's.
   */
  builtProcfile?: ProcessTypes;
  /** The numeric uid:gid its containers run as (never uid 0). */
  runAs: string;
}

/** One way of turning source into an image. The registry picks the first that applies. */
export interface Builder {
  name: string;
  applies(source: SourceIndex): boolean;
  build(ctx: BuildContext): Promise<BuildResult>;
}
