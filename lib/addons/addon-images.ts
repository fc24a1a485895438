// The image of each add-on service, built from addons/<service>/ by scripts/build-addon-images.sh
// (tagged with a hash of its recipe). Set-up builds them ahead; a missing one is built here, once
// per process, so a fresh machine can still provision (slowly, the first time).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { settings } from "../env.ts";

const run = promisify(execFile);
const BUILD_TIMEOUT_MS = 20 * 60_000;
const images = new Map<string, Promise<string>>();

/** The tag to run for a service (a registry name, never user input), building it when missing. */
export function addonImage(service: string): Promise<string> {
  let image = images.get(service);
  if (!image) {
    image = buildImage(service);
    images.set(service, image);
    // A failed build is tried again by the next provisioning.
    image.catch(() => images.delete(service));
  }
  return image;
}

async function buildImage(service: string): Promise<string> {
  const script = path.join(settings.root, "scripts", "build-addon-images.sh");
  try {
    const { stdout } = await run("bash", [script, service], { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
    const tag = /^(\S+) (\S+)$/m.exec(stdout.trim().split("\n").pop() ?? "")?.[2];
    if (!tag) throw new Error(`build-addon-images.sh printed no tag for ${service}`);
    return tag;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const detail = (e.stderr ?? "").trim().split("\n").slice(-5).join(" | ");
    throw new Error(`the ${service} image could not be built: ${detail || e.message}`);
  }
}
