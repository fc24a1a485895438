// Helpers for the integration tests: talk to the test instance started by scripts/test.sh.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const BASE = process.env.BERTH_TEST_URL ?? "http://127.0.0.1:3310";
const [ROUTER_HOST, ROUTER_PORT] = (process.env.BERTH_TEST_ROUTER ?? "127.0.0.1:8310").split(":") as [string, string];
export const DOMAIN = process.env.BERTH_DOMAIN ?? "berth.localhost";
export const APPS_DIR = path.resolve(import.meta.dirname, "..", "apps");

let tokenPromise: Promise<string> | undefined;
export function token(): Promise<string> {
  return (tokenPromise ??= (async () => {
    const res = await fetch(`${BASE}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: process.env.BERTH_ADMIN_PASSWORD }),
    });
    if (res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  })());
}

export async function api(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${BASE}${route}`, {
    method,
    headers: { authorization: `Bearer ${await token()}`, ...(body !== undefined && !(body instanceof Uint8Array) ? { "content-type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json as any };
}

export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 30);

export async function createApp(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  const res = await api("POST", "/api/v1/apps", { name });
  if (res.status !== 201) throw new Error(`create app: ${res.status} ${JSON.stringify(res.body)}`);
  return name;
}

/** A second, ordinary user (invited by admin) with an API token of their own. */
export async function newUser(prefix: string): Promise<{ username: string; password: string; headers: Record<string, string> }> {
  const username = `${prefix.replace(/[^a-z0-9]/g, "")}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`.slice(0, 30);
  const password = `pw-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const invitation = await api("POST", "/api/v1/invitations", {});
  if (invitation.status !== 201) throw new Error(`invitation: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  const created = await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username, password });
  if (created.status !== 201) throw new Error(`new user: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await fetch(`${BASE}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (login.status !== 201) throw new Error(`login as ${username}: ${login.status}`);
  return { username, password, headers: { authorization: `Bearer ${((await login.json()) as { token: string }).token}` } };
}

/** The app's image repository (<instance>-app/<app id>), read off its newest build's image. */
export async function imageRepoOf(app: string): Promise<string> {
  const builds = (await api("GET", `/api/v1/apps/${app}/builds`)).body as Array<{ image: string | null }>;
  const image = builds.find((b) => b.image)?.image;
  if (!image) throw new Error(`${app} has no built image yet`);
  return image.slice(0, image.lastIndexOf(":"));
}

/** Uploads a sample app (e2e/apps/<sample>) as a gzipped tarball, after `edit` changed its copy; returns the build's id. */
export async function uploadSample(app: string, sample: string, edit: (dir: string) => void = () => undefined): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `berth-${sample}-`));
  try {
    fs.cpSync(path.join(APPS_DIR, sample), dir, { recursive: true });
    edit(dir);
    const { stdout } = await run("tar", ["-czf", "-", "-C", dir, "."], { encoding: "buffer", maxBuffer: 1 << 24 });
    const res = await api("POST", `/api/v1/apps/${app}/builds`, new Uint8Array(stdout), { "content-type": "application/gzip" });
    if (res.status !== 201) throw new Error(`upload of ${sample}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A git working copy of a sample app (in a temporary folder), committed once. */
export async function sampleRepo(sample: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `berth-${sample}-`));
  fs.cpSync(path.join(APPS_DIR, sample), dir, { recursive: true });
  await git(dir, "init", "-q", "-b", "main");
  await commitAll(dir, "initial");
  return dir;
}

export async function commitAll(dir: string, message: string) {
  await git(dir, "add", "-A");
  await git(dir, "-c", "user.email=test@berth.local", "-c", "user.name=test", "commit", "-q", "--allow-empty", "-m", message);
}

export function git(dir: string, ...args: string[]) {
  // Never prompt for credentials: a refused push must fail, not wait for a terminal.
  return run("git", ["-C", dir, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
}

export async function remoteUrl(app: string, secret?: string) {
  const t = secret ?? (await token());
  return `${BASE.replace("://", `://berth:${encodeURIComponent(t)}@`)}/git/${app}.git`;
}

/** git push; resolves with exit code and the combined output (git writes progress to stderr). */
export async function push(dir: string, app: string, opts: { ref?: string; secret?: string } = {}) {
  try {
    const { stdout, stderr } = await git(dir, "push", await remoteUrl(app, opts.secret), opts.ref ?? "HEAD:main");
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: (e.stdout ?? "") + (e.stderr ?? "") };
  }
}

/** GET through the router with the app's Host header, with the response's headers. */
export function requestViaRouter(
  app: string,
  opts: { path?: string; headers?: Record<string, string>; agent?: http.Agent } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: ROUTER_HOST, port: Number(ROUTER_PORT), path: opts.path ?? "/", headers: { host: `${app}.${DOMAIN}`, ...opts.headers }, agent: opts.agent ?? false, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("latin1"), headers: res.headers }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

/** GET through the router: status and body only. */
export async function viaRouter(app: string, route = "/", agent?: http.Agent): Promise<{ status: number; body: string }> {
  const { status, body } = await requestViaRouter(app, { path: route, agent });
  return { status, body };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/**
 * Requests the app through the router continuously (two keep-alive clients, bounded by
 * maxRequests) until stopped; reports every failure and how often each body was seen.
 */
export function loadClient(app: string, opts: { route?: string; maxRequests?: number } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const bodies = new Map<string, number>();
  const failures: string[] = [];
  let total = 0;
  let stopped = false;
  const poll = async () => {
    while (!stopped && total < (opts.maxRequests ?? 200_000)) {
      total++;
      try {
        const res = await viaRouter(app, opts.route ?? "/", agent);
        if (res.status !== 200) failures.push(`HTTP ${res.status}: ${res.body.slice(0, 80)}`);
        else bodies.set(res.body, (bodies.get(res.body) ?? 0) + 1);
      } catch (err) {
        failures.push(String(err));
      }
    }
  };
  const pollers = [poll(), poll()];
  return {
    bodies,
    failures,
    get total() {
      return total;
    },
    async stop() {
      stopped = true;
      await Promise.all(pollers);
      agent.destroy();
      return { total, failures, bodies };
    },
  };
}

/** Runs a one-off command (`berth run`); its output and exit code from the JSON-lines stream. */
export async function runCommand(app: string, command: string) {
  const res = await fetch(`${BASE}/api/v1/apps/${app}/processes`, {
    method: "POST",
    headers: { authorization: `Bearer ${await token()}`, "content-type": "application/json" },
    body: JSON.stringify({ command }),
  });
  if (res.status !== 201) throw new Error(`POST /processes: ${res.status} ${await res.text()}`);
  let output = "";
  let exitCode: number | undefined;
  for (const line of (await res.text()).split("\n").filter(Boolean)) {
    const msg = JSON.parse(line) as { output?: string; exitCode?: number; error?: string };
    if (msg.output) output += msg.output;
    if (msg.exitCode !== undefined) exitCode = msg.exitCode;
    if (msg.error) throw new Error(msg.error);
  }
  return { output, exitCode };
}
