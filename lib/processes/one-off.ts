// One-off processes (`berth run`, the Procfile's `release:` phase): a throw-away container of a
// release's image with its config, on the app's network, whose output streams to the caller.
import crypto from "node:crypto";
import { appObjectName, berthLabels, LABEL } from "../docker/labels.ts";
import { runToCompletion, type HostRef } from "../docker/runtime.ts";
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

export async function runOneOff(host: HostRef, run: RunnableRelease, oneOff: OneOff): Promise<number> {
  const size = sizeOf(oneOff.size ?? "standard");
  const id = crypto.randomBytes(3).toString("hex");
  return runToCompletion(
    host,
    {
      name: appObjectName(run.app.id, oneOff.kind, `v${run.release.version}`, id),
      image: run.image,
      ...commandFor(run, oneOff.command),
      env: { ...run.env, DYNO: `${oneOff.kind}.${id}` },
      labels: berthLabels({ [LABEL.app]: run.app.name, [LABEL.release]: run.release.version, [LABEL.process]: oneOff.kind, [LABEL.kind]: "run" }),
      network: appObjectName(run.app.id),
      user: await runAsUser(host, run),
      memoryBytes: size.memoryBytes,
      cpuShares: size.cpuShares,
      pidsLimit: size.pidsLimit,
      dropCapabilities: true,
    },
    { onOutput: oneOff.onOutput, timeoutMs: oneOff.timeoutMs ?? ONE_OFF_TIMEOUT_MS, signal: oneOff.signal },
  );
}
