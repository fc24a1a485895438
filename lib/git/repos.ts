// Bare git repositories, one per app, whose pre-receive hook turns a push into a build.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { dataPath, settings } from "../env.ts";

const run = promisify(execFile);

export const reposRoot = () => dataPath("repos");
export const repoPath = (app: string) => path.join(reposRoot(), `${app}.git`);
const hooksDir = () => path.join(settings.root, "lib", "git", "hooks");

// Repositories this process has configured: a push makes two requests, and four `git config`
// runs each cost about 20 ms of the push. Apps come and go (a deleted one is never pruned from
// here): past this many, start again — forgetting only costs one push those 20 ms.
const configured = new Set<string>();
const CONFIGURED_MAX = 1000;

/** Creates the app's bare repository on first use. `app` is a validated app name. */
export async function ensureRepo(app: string): Promise<string> {
  const dir = repoPath(app);
  const exists = fs.existsSync(path.join(dir, "HEAD"));
  if (exists && configured.has(dir)) return dir;
  if (!exists) {
    fs.mkdirSync(reposRoot(), { recursive: true, mode: 0o700 });
    // --shared=0600: git gives every file it writes here (objects, refs, on every push) 0600 and
    // folders 0700, whatever the process's umask.
    await run("git", ["init", "--quiet", "--bare", "--initial-branch=main", "--shared=0600", dir]);
  }
  // Set once per process: the checkout may have moved since the repo was made.
  await run("git", ["-C", dir, "config", "core.hooksPath", hooksDir()]);
  await run("git", ["-C", dir, "config", "http.receivepack", "true"]);
  await run("git", ["-C", dir, "config", "core.sharedRepository", "0600"]);
  await run("git", ["-C", dir, "config", "receive.denyDeletes", "true"]);
  await run("git", ["-C", dir, "config", "receive.denyNonFastForwards", "false"]);
  if (configured.size >= CONFIGURED_MAX) configured.clear();
  configured.add(dir);
  return dir;
}
