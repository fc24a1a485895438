// One-off processes (`berth run`, the Procfile's `release:` phase): a throw-away container of a
// release's image with its config, on the app's network, whose output streams to the caller.
import crypto from "node:crypto";
import { appObjectName, berthLabels, LABEL } from "../docker/labels.ts";
import { runtimeFor } from "../docker/container-runtime.ts";
import { scheduler } from "../scheduler/index.ts";
import { commandFor, runAsUser, type RunnableRelease } from "../deploy/app-containers.ts";
import { sizeOf } from "../deploy/sizes.ts";

export const ONE_OFF_TIMEOUT_MS = 30 * 60_000;

export interface OneOff {
  /** `run` for a user's command, `release` for the release phase, `postdeploy` for app.json's script. */
  kind: "run" | "release" | "postdeploy";
  command: string;
  size?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onOutput: (chunk: string) => void;
}

/** Runs on whichever host the scheduler picks for its size; resolves with the exit code. */
export async function runOneOff(run: RunnableRelease, oneOff: OneOff): Promise<number> {
  const size = sizeOf(oneOff.size ?? "standard");
  const id = crypto.randomBytes(3).toString("hex");
  const host = await scheduler().placeOneOff(oneOff.size ?? "standard");
  const [image, user] = await Promise.all([scheduler().imageOn(host, run.image), runAsUser(run)]);
  return runtimeFor(host).runToCompletion(
    {
      name: appObjectName(run.app.id, oneOff.kind, `v${run.release.version}`, id),
      image,
      ...commandFor(run, oneOff.command),
      env: { ...run.env, DYNO: `${oneOff.kind}.${id}` },
      labels: berthLabels({ [LABEL.app]: run.app.name, [LABEL.release]: run.release.version, [LABEL.process]: oneOff.kind, [LABEL.kind]: "run" }),
      network: appObjectName(run.app.id),
      user,
      memoryBytes: size.memoryBytes,
      cpuShares: size.cpuShares,
      pidsLimit: size.pidsLimit,
      dropCapabilities: true,
    },
    { onOutput: oneOff.onOutput, timeoutMs: oneOff.timeoutMs ?? ONE_OFF_TIMEOUT_MS, signal: oneOff.signal },
  );
}
