// The HAProxy process: the only module that starts, reloads or stops it. HAProxy runs in
// master-worker mode, detached, so it keeps serving while Berth's own processes restart. A new
// config is checked with `haproxy -c` before it replaces the last good one, and a reload hands
// the listening sockets to the new worker, so no connection is refused.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RouterPaths {
  dir: string;
}

const files = (p: RouterPaths) => ({
  config: path.join(p.dir, "haproxy.cfg"),
  lastGood: path.join(p.dir, "haproxy.cfg.last-good"),
  pid: path.join(p.dir, "haproxy.pid"),
  master: path.join(p.dir, "master.sock"),
  lock: path.join(p.dir, "apply.lock"),
});

let chain: Promise<unknown> = Promise.resolve();
// Texts `haproxy -c` accepted recently, so a config checked ahead of time is not checked twice.
const validated = new Set<string>();
const digest = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

/** Checks a config with `haproxy -c`; throws with HAProxy's message when it is refused. */
export async function validateRouterConfig(paths: RouterPaths, text: string): Promise<void> {
  const key = digest(text);
  if (validated.has(key)) return;
  fs.mkdirSync(paths.dir, { recursive: true });
  const candidate = path.join(paths.dir, `check.${process.pid}.${key.slice(0, 12)}.cfg`);
  fs.writeFileSync(candidate, text);
  try {
    await run("haproxy", ["-c", "-q", "-f", candidate]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`HAProxy refused the new router config; the last good one stays: ${(e.stderr || e.message).trim()}`);
  } finally {
    fs.rmSync(candidate, { force: true });
  }
  if (validated.size > 50) validated.clear();
  validated.add(key);
}

export interface ApplyOptions {
  /** Runs once the new config is validated and installed, just before the reload. */
  beforeReload?: () => Promise<unknown>;
}

/** Validates, installs and applies a config. Calls are serialised in-process and across processes. */
export function applyRouterConfig(paths: RouterPaths, text: string, opts: ApplyOptions = {}): Promise<{ changed: boolean }> {
  const next = chain.then(() => withFileLock(files(paths).lock, () => apply(paths, text, opts)));
  chain = next.catch(() => undefined);
  return next;
}

async function apply(paths: RouterPaths, text: string, opts: ApplyOptions): Promise<{ changed: boolean }> {
  const f = files(paths);
  fs.mkdirSync(paths.dir, { recursive: true });
  const masterPid = runningMasterPid(paths);
  if (masterPid && fs.existsSync(f.config) && fs.readFileSync(f.config, "utf8") === text) return { changed: false };

  await validateRouterConfig(paths, text);
  const candidate = `${f.config}.${process.pid}.tmp`;
  fs.writeFileSync(candidate, text);
  fs.renameSync(candidate, f.config);
  if (masterPid) {
    await opts.beforeReload?.();
    await reload(paths, masterPid);
  }
  else await start(paths);
  fs.copyFileSync(f.config, f.lastGood);
  return { changed: true };
}

async function start(paths: RouterPaths): Promise<void> {
  const f = files(paths);
  fs.rmSync(f.master, { force: true });
  // -D daemonizes: haproxy outlives this process and is not in its process group.
  await run("haproxy", ["-W", "-D", "-S", `${f.master},mode,600`, "-p", f.pid, "-f", f.config]);
  await waitFor(async () => (await currentWorker(paths)) !== null, 10_000, "HAProxy did not start");
}

async function reload(paths: RouterPaths, masterPid: number): Promise<void> {
  const before = await currentWorker(paths);
  process.kill(masterPid, "SIGUSR2");
  // Done when a new worker runs the new config (the old one finishes its requests and leaves).
  await waitFor(async () => {
    const now = await currentWorker(paths);
    return now !== null && now !== before;
  }, 15_000, "HAProxy did not reload");
}

export async function isRouterRunning(paths: RouterPaths): Promise<boolean> {
  return runningMasterPid(paths) !== null;
}

export async function stopRouter(paths: RouterPaths): Promise<void> {
  const pid = runningMasterPid(paths);
  if (!pid) return;
  process.kill(pid, "SIGTERM");
  await waitFor(async () => !isAlive(pid), 10_000, "HAProxy did not stop");
}

function runningMasterPid(paths: RouterPaths): number | null {
  const f = files(paths);
  if (!fs.existsSync(f.pid)) return null;
  const pid = Number.parseInt(fs.readFileSync(f.pid, "utf8").trim().split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    // A recycled pid of another program is not our router.
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "haproxy";
  } catch {
    return false;
  }
}

/** The pid of the current (newest) worker, from the master CLI's `show proc`. */
async function currentWorker(paths: RouterPaths): Promise<string | null> {
  const out = await masterCommand(paths, "show proc").catch(() => "");
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("# workers"));
  if (start === -1) return null;
  const first = lines[start + 1]?.trim();
  if (!first || first.startsWith("#")) return null;
  return first.split(/\s+/)[0] ?? null;
}

function masterCommand(paths: RouterPaths, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(files(paths).master);
    let out = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("master socket timed out")));
    socket.on("connect", () => socket.write(`${command}\n`));
    // The master CLI keeps the connection open; an answer ends with an empty line.
    socket.on("data", (d) => {
      out += d.toString();
      if (out.endsWith("\n\n")) {
        socket.destroy();
        resolve(out);
      }
    });
    socket.on("end", () => resolve(out));
    socket.on("error", reject);
  });
}

async function waitFor(test: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(message);
}

/** A lock file shared by every Berth process on this machine; a lock older than 60 s is stale. */
async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - (fs.statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 60_000) fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline) throw new Error(`the router config lock ${lockFile} is held too long`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
