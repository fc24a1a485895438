// A lock file shared by every Berth process that writes the router's config on this machine.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const STALE_MS = 30_000;
const HEARTBEAT_MS = 5_000;
const WAIT_MS = 90_000;

/**
 * Runs fn while holding lockFile (created with 'wx'). The holder touches the file every few
 * seconds, so a lock untouched for 30 s, or held by a dead process of this host, was left by a
 * crash and is taken over.
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + WAIT_MS;
  const owner = `${os.hostname()} ${process.pid} ${crypto.randomBytes(6).toString("hex")}\n`;
  while (!tryLock(lockFile, owner)) {
    if (isStale(lockFile)) fs.rmSync(lockFile, { force: true });
    else if (Date.now() > deadline) throw new Error(`the router config lock ${lockFile} is held too long`);
    else await new Promise((r) => setTimeout(r, 25));
  }
  const waited = Date.now() - (deadline - WAIT_MS);
  if (waited > 2000) console.warn(`router: waited ${(waited / 1000).toFixed(1)} s for the config lock (pid ${process.pid})`);
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      fs.utimesSync(lockFile, now, now);
    } catch {
      // taken over after all (e.g. this process was stopped for 30 s); nothing to refresh
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    // Not someone else's: after a long stall (a stopped process) the lock may have been taken over.
    if (readOwner(lockFile) === owner) fs.rmSync(lockFile, { force: true });
  }
}

function tryLock(lockFile: string, owner: string): boolean {
  try {
    fs.writeFileSync(lockFile, owner, { flag: "wx", mode: 0o600 });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

function isStale(lockFile: string): boolean {
  let owner: string;
  let mtimeMs: number;
  try {
    owner = fs.readFileSync(lockFile, "utf8");
    mtimeMs = fs.statSync(lockFile).mtimeMs;
  } catch {
    return false; // released meanwhile: just try again
  }
  if (Date.now() - mtimeMs > STALE_MS) return true;
  const [host, pid] = owner.trim().split(" ");
  return host === os.hostname() && Number(pid) > 0 && !isAlive(Number(pid));
}

function readOwner(lockFile: string): string | undefined {
  try {
    return fs.readFileSync(lockFile, "utf8");
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
