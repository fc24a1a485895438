// Docker labels mark every object Berth makes, so the reconciler and the tests find exactly theirs.
import { settings } from "../env.ts";

export const LABEL = {
  instance: "berth.instance",
  app: "berth.app",
  release: "berth.release",
  process: "berth.process",
  index: "berth.index",
  kind: "berth.kind", // app | run | build | cache | network | addon
  /** The add-on a container, volume or network belongs to (add-ons are not any one app's). */
  addon: "berth.addon",
  /** The Container row a Docker container belongs to. */
  container: "berth.container",
} as const;

export function berthLabels(extra: Record<string, string | number> = {}): Record<string, string> {
  const labels: Record<string, string> = { [LABEL.instance]: settings.instance };
  for (const [k, v] of Object.entries(extra)) labels[k] = String(v);
  return labels;
}

/** Docker object names of this instance: `<instance>-…`, so two Berths can share an engine. */
export const objectName = (...parts: Array<string | number>) => [settings.instance, ...parts].join("-");

/**
 * An app's containers, network and cache volume: `<instance>-app-<app id>-…`. Named after the
 * app's id, never its name: a name is a user's string, and `<instance>-<name>` met Berth's own
 * objects (an app named `addon-redis-calm-4821-net` joined that add-on's private network).
 */
export const appObjectName = (appId: string, ...parts: Array<string | number>) => objectName("app", appId, ...parts);

/**
 * An app's images: `<instance>-app/<app id>`, a repository of their own that never meets
 * Berth's `berth/…` (an app named `stack` shared berth/stack, and deleting it removed Berth's
 * stack images). Builds are tagged `build-<id>`, releases `v<N>`. Images are named rather than
 * labelled: the classic builder turns every label into one more build step (about 80 ms).
 */
export const appImageRepo = (appId: string) => `${settings.instance}-app/${appId}`;
export const buildImageTag = (appId: string, buildId: string) => `${appImageRepo(appId)}:build-${buildId}`;
export const releaseImageTag = (appId: string, version: number) => `${appImageRepo(appId)}:v${version}`;

/** Berth's own images, which every app may build on. */
export const STACK_REPOSITORIES = ["berth/stack", "berth/builder", "berth/runner"];
