// The HAProxy process: the only module that starts, reloads or stops it. HAProxy runs in
// master-worker mode, detached, so it keeps serving while Berth's own processes restart. A new
// config is checked with `haproxy -c` before it replaces the running one, and a reload hands the
// listening sockets to the new worker, so no connection is refused. In Berth only the router
// host (router-host.ts) calls it; everyone else asks through the router queue.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { withFileLock } from "./file-lock.ts";
import { isWorkerStopping, showProc } from "./master-cli.ts";
import { pruneConfigFiles, writeConfigFiles } from "./config-files.ts";
import type { RouterConfig } from "./types.ts";

const run = promisify(execFile);

export interface RouterPaths {
  /** Holds haproxy.cfg, haproxy.cfg.last-good, haproxy.pid, master.sock, stats.sock, apply.lock. */
  dir: string;
}

const files = (p: RouterPaths) => ({
  config: path.join(p.dir, "haproxy.cfg"),
  lastGood: path.join(p.dir, "haproxy.cfg.last-good"),
  pid: path.join(p.dir, "haproxy.pid"),
  master: path.join(p.dir, "master.sock"),
  stats: path.join(p.dir, "stats.sock"),
  lock: path.join(p.dir, "apply.lock"),
});

const START_TIMEOUT_MS = 10_000;
const RELOAD_TIMEOUT_MS = 15_000;

// Texts `haproxy -c` accepted recently, so a config checked ahead of time is not checked twice.
const validated = new Set<string>();
const digest = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const tempName = (file: string) => `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;

async function checkConfigFile(file: string, text: string): Promise<void> {
  const key = digest(text);
  if (validated.has(key)) return;
  try {
    await run("haproxy", ["-c", "-f", file], { timeout: 30_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    // Without -q HAProxy says why; its NOTICE lines (version, path) are noise.
    const why = (e.stderr ?? "").split("\n").filter((l) => l.trim() && !l.startsWith("[NOTICE]")).join("\n");
    throw new Error(`HAProxy refused the new router config; the last good one stays: ${why || e.message}`);
  }
  if (validated.size > 50) validated.clear();
  validated.add(key);
}

/**
 * A whole config: its text, or its text and the files it names, or a function that renders it.
 * A function is called inside the apply lock, so what it reads (the database) is never older
 * than what another process applied before.
 */
export type ConfigSource = string | RouterConfig | (() => Promise<RouterConfig>);

async function resolveSource(source: ConfigSource): Promise<RouterConfig> {
  if (typeof source === "string") return { text: source, files: {} };
  return typeof source === "function" ? source() : source;
}

/**
 * Checks a config with `haproxy -c`; throws with HAProxy's message when it is refused. Under the
 * apply lock: an apply in another process prunes the files its own config does not name, and
 * took a certificate's files from under this check (seen: "cannot open file … crt-list-….txt").
 */
export async function validateRouterConfig(paths: RouterPaths, source: string | RouterConfig): Promise<void> {
  const { text, files: named } = await resolveSource(source);
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  await withFileLock(files(paths).lock, async () => {
    writeConfigFiles(paths.dir, named);
    const candidate = tempName(files(paths).config);
    fs.writeFileSync(candidate, text, { mode: 0o600 });
    try {
      await checkConfigFile(candidate, text);
    } finally {
      fs.rmSync(candidate, { force: true });
    }
  });
}

export interface ApplyOptions {
  /** Runs once the new config is validated and installed, just before the reload. */
  beforeReload?: () => Promise<unknown>;
}

interface Pending {
  source: ConfigSource;
  opts: ApplyOptions;
  result: Promise<{ changed: boolean }>;
}
// Per router dir: the end of the chain of applies, and the one waiting to start (if any).
const queues = new Map<string, { tail: Promise<unknown>; waiting?: Pending }>();

/**
 * Validates, installs and applies a config. Calls are serialised in-process (a promise chain)
 * and across processes (a lock file): the router host serves one job at a time, but a router
 * host that is stopping may still finish an apply while the next one starts, and the lock is
 * what tools on the machine (bench, tests, stopRouter) share with it. A call made while another one waits to start replaces its
 * source — each is a whole state, so only the newest matters — and both callers get the result
 * of applying the newest.
 */
export function applyRouterConfig(paths: RouterPaths, source: ConfigSource, opts: ApplyOptions = {}): Promise<{ changed: boolean }> {
  const key = path.resolve(paths.dir);
  const queue = queues.get(key) ?? { tail: Promise.resolve() };
  queues.set(key, queue);
  if (queue.waiting) {
    Object.assign(queue.waiting, { source, opts });
    return queue.waiting.result;
  }
  const pending = { source, opts } as Pending;
  pending.result = queue.tail.then(() => {
    queue.waiting = undefined;
    return withFileLock(files(paths).lock, async () => apply(paths, await resolveSource(pending.source), pending.opts));
  });
  queue.waiting = pending;
  queue.tail = pending.result.catch(() => undefined);
  return pending.result;
}

async function apply(paths: RouterPaths, config: RouterConfig, opts: ApplyOptions): Promise<{ changed: boolean }> {
  const f = files(paths);
  const { text } = config;
  const masterPid = runningMasterPid(paths);
  // The files are named after their content, so an unchanged text means unchanged files.
  if (masterPid && readIfExists(f.config) === text) return { changed: false };
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  writeConfigFiles(paths.dir, config.files);

  // Validate the very file that is then renamed over the live one: no window with an unchecked file.
  const candidate = tempName(f.config);
  fs.writeFileSync(candidate, text, { mode: 0o600 });
  const startedAt = Date.now();
  try {
    await checkConfigFile(candidate, text);
    fs.renameSync(candidate, f.config);
  } finally {
    fs.rmSync(candidate, { force: true });
  }
  const checkedAt = Date.now();
  try {
    if (masterPid) {
      await opts.beforeReload?.();
      await reload(paths, masterPid);
    } else await start(paths);
    if (Date.now() - startedAt > 2000) console.warn(`router: slow apply: check ${checkedAt - startedAt} ms, reload ${Date.now() - checkedAt} ms (pid ${process.pid})`);
  } catch (err) {
    // Put back what HAProxy still runs, so that retrying the same text reloads again.
    if (fs.existsSync(f.lastGood)) writeAtomic(f.config, fs.readFileSync(f.lastGood, "utf8"));
    throw err;
  }
  // "Last good" means HAProxy has loaded it, not merely that `haproxy -c` accepted it.
  writeAtomic(f.lastGood, text);
  // HAProxy reads certificates only when a worker starts: the files of older configs (private
  // keys of removed certificates among them) can go now.
  pruneConfigFiles(paths.dir, text);
  return { changed: true };
}

async function start(paths: RouterPaths): Promise<void> {
  const f = files(paths);
  fs.rmSync(f.master, { force: true });
  fs.rmSync(f.stats, { force: true });
  try {
    // -D daemonizes (its own session): HAProxy outlives this process and its process group.
    await run("haproxy", ["-W", "-D", "-S", `${f.master},mode,600`, "-p", f.pid, "-f", f.config], { timeout: START_TIMEOUT_MS });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`HAProxy did not start: ${(e.stderr || e.message).trim()}`);
  }
  await waitFor(async () => ((await showProc(f.master))?.workers.length ?? 0) > 0, START_TIMEOUT_MS, "HAProxy did not start a worker");
}

/**
 * Reloads and returns once the new config is what accepts new connections: a worker that was not
 * there before is listed by the master, and every worker from before says it is stopping (a
 * stopping worker has let go of the listeners; it only finishes the connections it holds).
 * Watching the stats socket instead would be ambiguous, as old and new workers both answer it.
 */
async function reload(paths: RouterPaths, masterPid: number): Promise<void> {
  const f = files(paths);
  const before = (await showProc(f.master))?.workers ?? [];
  process.kill(masterPid, "SIGUSR2");
  await waitFor(
    async () => {
      const procs = await showProc(f.master);
      if (!procs || !procs.workers.some((pid) => !before.includes(pid))) return false;
      for (const pid of before) if (!(await isWorkerStopping(f.master, pid))) return false;
      return true;
    },
    RELOAD_TIMEOUT_MS,
    "HAProxy did not take the new config (a reload failed, e.g. a port could not be bound); the old worker keeps serving",
  );
}

export async function isRouterRunning(paths: RouterPaths): Promise<boolean> {
  return runningMasterPid(paths) !== null;
}

/** Stops HAProxy at once (open connections are cut). Inside the lock, so no apply starts it again meanwhile. */
export function stopRouter(paths: RouterPaths): Promise<void> {
  const f = files(paths);
  return withFileLock(f.lock, async () => {
    const pid = runningMasterPid(paths);
    if (!pid) return;
    process.kill(pid, "SIGTERM");
    await waitFor(async () => !isHaproxy(pid), 10_000, "HAProxy did not stop");
    for (const file of [f.pid, f.master, f.stats]) fs.rmSync(file, { force: true });
  });
}

function runningMasterPid(paths: RouterPaths): number | null {
  const pid = Number.parseInt(readIfExists(files(paths).pid)?.trim().split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 && isHaproxy(pid) ? pid : null;
}

function isHaproxy(pid: number): boolean {
  try {
    // A recycled pid of another program is not our router.
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "haproxy";
  } catch {
    return false;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = tempName(file);
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

async function waitFor(test: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(message);
}
