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

/** Docker object names of this instance: `<instance>-<app>…`, so two Berths can share an engine. */
export const objectName = (...parts: Array<string | number>) => [settings.instance, ...parts].join("-");

/**
 * Build images are named <instance>/<app>:build-<id> rather than labelled: the classic builder
 * turns every label into one more build step (about 80 ms). The repository name marks the
 * instance just as well; releases add the tag berth/<app>:v<N>.
 */
export const buildImageRepo = (app: string) => `${settings.instance}/${app}`;
export const buildImageTag = (app: string, buildId: string) => `${buildImageRepo(app)}:build-${buildId}`;
export const releaseImageRepo = (app: string) => `berth/${app}`;
