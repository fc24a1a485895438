// The git side of the CLI: the `berth` remote of the repository in the current folder.
// Arguments go to git as argv, never through a shell.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { gitCredentialsFile } from "./config-file.ts";

const run = promisify(execFile);

export const DEFAULT_REMOTE = "berth";

async function git(...args: string[]): Promise<string | null> {
  try {
    return (await run("git", args, { env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } })).stdout.trim();
  } catch {
    return null;
  }
}

export async function insideRepo(): Promise<boolean> {
  return (await git("rev-parse", "--is-inside-work-tree")) === "true";
}

export const gitUrl = (berthUrl: string, app: string) => `${berthUrl}/git/${app}.git`;

/** The app a remote points at, when it is a Berth git URL. */
export async function appOfRemote(remote: string): Promise<string | null> {
  const url = await git("remote", "get-url", remote);
  const m = url ? /\/git\/([a-z][a-z0-9-]{1,29})\.git$/.exec(url) : null;
  return m ? m[1]! : null;
}

/**
 * Points `remote` at the app and tells git to take the token from Berth's credentials file for
 * this server (git's own `store` helper), so `git push berth main` just works.
 */
export async function setRemote(remote: string, berthUrl: string, app: string): Promise<void> {
  const url = gitUrl(berthUrl, app);
  if ((await git("remote", "get-url", remote)) === null) await mustGit("remote", "add", remote, url);
  else await mustGit("remote", "set-url", remote, url);
  const server = new URL(berthUrl).origin;
  // An empty helper first drops any inherited one for this URL. git hands the helper line to a
  // shell, so the path (ours, not user input) is single-quoted.
  await mustGit("config", "--replace-all", `credential.${server}.helper`, "");
  await mustGit("config", "--add", `credential.${server}.helper`, `store --file=${shellQuote(gitCredentialsFile())}`);
}

export async function removeRemote(remote: string): Promise<void> {
  await git("remote", "remove", remote);
}

const shellQuote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

async function mustGit(...args: string[]): Promise<void> {
  try {
    await run("git", args);
  } catch (err) {
    throw new Error(`git ${args[0]} failed: ${((err as { stderr?: string }).stderr ?? "").trim() || (err as Error).message}`);
  }
}
