// Runs the berth CLI (cli/berth.js) as a user would, for the CLI's integration tests.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";

export const CLI = path.resolve(import.meta.dirname, "..", "..", "cli", "berth.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `berth ARGS` with the given environment on top of a clean one (no stored login, no app). */
export function berth(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BERTH_CONFIG_DIR: path.join(os.tmpdir(), "berth-cli-none"), BERTH_URL: "", BERTH_TOKEN: "", BERTH_APP: "", ...opts.env };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? os.tmpdir(), env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

/** A failure: the expected exit code and exactly one line on stderr matching `message`. */
export function assertFails(r: CliResult, code: number, message: RegExp): void {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.match(lines[0]!, /^berth: /);
  assert.match(lines[0]!, message);
}
