// Publishes a release's image: from the engine Berth builds on to the registry the swarm's nodes
// pull from. skopeo reads the image from that engine's API and pushes it itself, so the build
// engine need not trust the registry (no --insecure-registry, no dockerd restart) and need not be
// a swarm node. A tag the registry already holds with the same image is not pushed again.
import { execFile } from "node:child_process";
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { manifestInfo } from "./registry-api.ts";
import { imageInRegistry, registryHost } from "./registry-reference.ts";

export interface PushResult {
  /** `<registry>/<instance>-app/<app id>:<tag>`: what the nodes pull. */
  reference: string;
  /** The manifest's digest in the registry (`reference@digest` pins exactly this image). */
  digest: string;
  ms: number;
  /** The registry had this tag with this image already: nothing was sent. */
  skipped: boolean;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** The engine Berth builds on (not a swarm node): where release images are made. */
const buildEngine = (): HostRef => ({ id: "build-engine", endpoint: settings.dockerHost });

const inFlight = new Map<string, Promise<PushResult>>();

/** Pushes a local app image (`<instance>-app/<app id>:build-<id>`) to the registry; concurrent calls for one tag share one push. */
export async function pushImage(localTag: string, opts: { timeoutMs?: number } = {}): Promise<PushResult> {
  const { reference } = imageInRegistry(localTag); // refuses anything but this instance's app images and Berth's own
  const running = inFlight.get(reference);
  if (running) return running;
  const push = pushOnce(localTag, reference, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS).finally(() => inFlight.delete(reference));
  inFlight.set(reference, push);
  return push;
}

async function pushOnce(localTag: string, reference: string, timeoutMs: number): Promise<PushResult> {
  const started = Date.now();
  const { repository, tag } = imageInRegistry(localTag);
  const imageId = await localImageId(localTag);
  // The image id is its config's digest, and the registry's manifest names that config: one
  // small GET tells whether this tag already holds exactly this image.
  const existing = await manifestInfo(repository, tag, { withConfig: true });
  if (existing && existing.configDigest === imageId) return { reference, digest: existing.digest, ms: Date.now() - started, skipped: true };
  await skopeoCopy(localTag, reference, timeoutMs);
  const pushed = await manifestInfo(repository, tag);
  if (!pushed) throw new BerthError("unavailable", `pushed ${reference} but the registry ${registryHost()} does not list it`);
  return { reference, digest: pushed.digest, ms: Date.now() - started, skipped: false };
}

async function localImageId(localTag: string): Promise<string> {
  const id = await runtimeFor(buildEngine()).imageId(localTag);
  if (id === null) throw new BerthError("not_found", `cannot push ${localTag}: the build engine (${settings.dockerHost}) has no such image`);
  return id;
}

/** skopeo copy from the build engine to the registry, bounded in time; rejects naming the registry and skopeo's reason. */
function skopeoCopy(localTag: string, reference: string, timeoutMs: number): Promise<void> {
  const args = ["copy", "--quiet", "--src-daemon-host", settings.dockerHost];
  // Only for a registry configured as plain HTTP (or with a certificate Berth does not verify)
  if (settings.registryInsecure) args.push("--dest-tls-verify=false");
  args.push(`docker-daemon:${localTag}`, `docker://${reference}`);
  return new Promise((resolve, reject) => {
    execFile("skopeo", args, { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 4 << 20 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      // Only skopeo's own words: they name the image and the registry, never credentials (none are passed on its command line).
      const reason =
        e.code === "ENOENT"
          ? "skopeo is not installed (BERTH_SCHEDULER=swarm bash scripts/setup.sh installs it)"
          : e.killed
            ? `it took longer than ${Math.round(timeoutMs / 1000)} s`
            : lastLines(String(stderr)) || e.message;
      reject(new BerthError("unavailable", `pushing ${localTag} to the registry ${registryHost()} failed: ${reason}`));
    });
  });
}

const lastLines = (text: string) => text.trim().split("\n").slice(-3).join(" ").slice(-1000);
