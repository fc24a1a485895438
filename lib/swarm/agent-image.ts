// The agent's image, berth/agent:<hash of its recipe>, built from agent/ by
// scripts/build-agent-image.sh on the build engine (set-up builds it ahead for a swarm); a missing
// one is built here, once per process, as lib/addons/addon-images.ts does for add-ons.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";

const run = promisify(execFile);
const BUILD_TIMEOUT_MS = 10 * 60_000;
let image: Promise<string> | undefined;

/** The local tag of the agent's image on the build engine, building it when missing. */
export function agentImage(): Promise<string> {
  image ??= buildImage().catch((err) => {
    image = undefined; // the next start tries again
    throw err;
  });
  return image;
}

async function buildImage(): Promise<string> {
  const script = path.join(settings.root, "scripts", "build-agent-image.sh");
  try {
    const { stdout } = await run("bash", [script], { timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 << 20, env: { ...process.env, DOCKER_HOST: settings.dockerHost } });
    const tag = /^agent (berth\/agent:[a-f0-9]{12})$/m.exec(stdout.trim())?.[1];
    if (!tag) throw new Error("build-agent-image.sh printed no tag");
    return tag;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const detail = (e.stderr ?? "").trim().split("\n").slice(-5).join(" | ");
    throw new BerthError("unavailable", `the agent image could not be built: ${detail || e.message}`);
  }
}
