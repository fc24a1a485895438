// Helpers for bench/cluster.ts: an app's web processes and routed servers, hosts drained and
// undrained through the hosts API, a `git push` whose output lines carry the time they arrived,
// and plain `docker run` on one test host's engine as the in-run baseline. Every wait is bounded.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { api, remoteUrl, viaRouter } from "../../e2e/support/berth.ts";
import { docker, type TestHost } from "../../e2e/swarm/hosts.ts";

export interface Process {
  name: string;
  type: string;
  state: string;
  release: number;
  host: string;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const webProcesses = async (app: string) => ((await api("GET", `/api/v1/apps/${app}/processes`)).body as Process[]).filter((p) => p.type === "web");
export const perHost = (list: Process[]) => list.reduce<Record<string, number>>((t, p) => ({ ...t, [p.host]: (t[p.host] ?? 0) + 1 }), {});

/** The app's web servers in the router's rendered config (what HAProxy was last given). */
export function routedServers(app: string): Array<{ name: string; address: string }> {
  const cfg = fs.readFileSync(path.join(process.env.BERTH_DATA_DIR!, "router", "haproxy.cfg"), "utf8");
  const backend = cfg.split(`backend app_${app}\n`)[1]?.split("\n\n")[0] ?? "";
  return [...backend.matchAll(/^\s+server (web\.\d+\S*) ([^:\s]+):\d+/gm)].map((m) => ({ name: m[1]!, address: m[2]! }));
}

/** Polls CHECK every EVERY ms until it returns a value, for at most MS; a thrown check counts as "not yet". */
export async function poll<T>(what: string, ms: number, check: () => Promise<T | undefined | false>, every = 100): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

/** N web processes up and N routed, where ACCEPT says; resolves with the processes. */
export async function webSettled(app: string, quantity: number, accept: (list: Process[]) => boolean = () => true, ms = 120_000) {
  let seen = "";
  try {
    return await poll(`${quantity} web processes of ${app} up and routed`, ms, async () => {
      const list = await webProcesses(app);
      const routed = routedServers(app);
      seen = `processes ${JSON.stringify(list.map((p) => `${p.name}@${p.host}:${p.state}`))}, routed ${JSON.stringify(routed.map((s) => s.address))}`;
      const ok = list.length === quantity && list.every((p) => p.state === "up") && accept(list) && routed.length === quantity;
      return ok ? list : undefined;
    }, 200); // the API is asked, and it shares the two cores with what is measured
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${seen}`);
  }
}

/**
 * Until APP runs exactly QUANTITY containers on the engines of HOSTS: the replaced ones leave the
 * router at once but drain and stop for a few seconds more, holding their reservation meanwhile.
 */
export async function quiet(app: string, hosts: TestHost[], quantity: number) {
  await poll(`${app} to run ${quantity} containers, none draining`, 60_000, async () => {
    const ids = await Promise.all(hosts.map((h) => docker(h, ["ps", "-q", "--filter", `label=berth.app=${app}`])));
    return ids.flatMap((s) => s.split("\n").filter(Boolean)).length === quantity;
  }, 500);
  await new Promise((r) => setTimeout(r, 500)); // its row goes right after the container
}

export async function scaleWeb(app: string, quantity: number, size: string) {
  const res = await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity, size });
  if (res.status !== 200) throw new Error(`scale web to ${quantity}: ${res.status} ${JSON.stringify(res.body)}`);
}

interface HostView {
  name: string;
  state: string;
  availability: string | null;
}
export const hostViews = async () => (await api("GET", "/api/v1/hosts")).body as HostView[];

/** Drains (or undrains) HOSTS and waits until the hosts API shows it. */
export async function setDrain(hosts: TestHost[], drain: boolean) {
  for (const h of hosts) {
    const res = await api("PATCH", `/api/v1/hosts/${h.name}`, { drain });
    if (res.status !== 200) throw new Error(`${drain ? "drain" : "undrain"} ${h.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await poll(`${hosts.map((h) => h.name).join(", ")} ${drain ? "drained" : "ready"}`, 30_000, async () => {
    const views = await hostViews();
    return hosts.every((h) => {
      const v = views.find((x) => x.name === h.name);
      return drain ? v?.state === "draining" : v?.availability === "active" && v.state === "ready";
    });
  });
}

/** GET through the router until it answers 200 with BODY, for at most MS. */
export function until200(app: string, body: string, ms = 180_000) {
  return poll(`the router to serve ${JSON.stringify(body)}`, ms, async () => {
    const res = await viaRouter(app);
    return res.status === 200 && res.body === body;
  });
}

/** `git push`, each output line stamped with the ms since START (git's progress and Berth's build log arrive on stderr). */
export async function timedPush(repo: string, app: string, start: number): Promise<{ code: number; lines: Array<{ at: number; text: string }> }> {
  const url = await remoteUrl(app);
  const lines: Array<{ at: number; text: string }> = [];
  const child = spawn("git", ["-C", repo, "push", url, "HEAD:main"], { env: { ...process.env, GIT_TERMINAL_PROMPT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  let rest = "";
  const onData = (chunk: Buffer) => {
    const parts = (rest + chunk.toString("utf8")).split(/[\r\n]/);
    rest = parts.pop()!;
    for (const text of parts) if (text.trim()) lines.push({ at: performance.now() - start, text });
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  clearTimeout(timer);
  if (rest.trim()) lines.push({ at: performance.now() - start, text: rest });
  return { code, lines };
}

/** When the first line matching RE arrived, in ms since the push started. */
export const lineAt = (lines: Array<{ at: number; text: string }>, re: RegExp) => lines.find((l) => re.test(l.text))?.at ?? NaN;

function getStatus(address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: address, port, path: "/", agent: false, timeout: 2000 }, (res) => resolve(res.resume().statusCode ?? 0)).on("error", reject);
  });
}

/** Plain Docker on HOST's engine: run IMAGE with its port published on the host's address, until its first 200. */
export async function dockerRunOn(host: TestHost, image: string, tag: string): Promise<number> {
  const name = `berth-bench-${tag}-${process.pid}`;
  const start = performance.now();
  try {
    await docker(host, ["run", "-d", "--name", name, "--label", `berth.instance=${process.env.BERTH_INSTANCE}`, "-e", "PORT=5000", "-p", "5000", image]);
    const port = Number((await docker(host, ["port", name, "5000/tcp"])).split("\n")[0]!.split(":").pop());
    await poll(`the baseline container on ${host.name}`, 60_000, async () => (await getStatus(host.address, port)) === 200);
    return performance.now() - start;
  } finally {
    await docker(host, ["rm", "-f", name]).catch(() => undefined);
  }
}

/** The image HOST runs APP's web containers from (the registry's reference). */
export async function imageOnHost(host: TestHost, app: string): Promise<string> {
  const images = await docker(host, ["ps", "--filter", `label=berth.app=${app}`, "--format", "{{.Image}}"]);
  const image = images.split("\n").find(Boolean);
  if (!image) throw new Error(`${host.name} runs no container of ${app}`);
  return image;
}

/**
 * When a line matching RE is appended to this instance's Berth log (ms since START), watched from
 * now on, for at most MS: the log has no timestamps of its own.
 */
export function logLineAt(re: RegExp, start: number, ms = 90_000): Promise<number> {
  const file = path.join(process.env.BERTH_DATA_DIR!, "berth.log");
  const from = fs.statSync(file).size;
  return poll(`a Berth log line matching ${re}`, ms, async () => {
    const fd = fs.openSync(file, "r");
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - from));
      fs.readSync(fd, buf, 0, buf.length, from);
      return re.test(buf.toString("utf8")) ? performance.now() - start : undefined;
    } finally {
      fs.closeSync(fd);
    }
  });
}

/** How long the build engine takes to export IMAGE whole (`docker save`): what skopeo reads to push it. */
export async function dockerSaveMs(image: string): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("docker", ["save", image], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`docker save ${image}: ${err.trim() || `exit ${code}`}`));
    });
  });
  return performance.now() - start;
}

/** The image of APP's newest build, on the build engine. */
export async function newestBuildImage(app: string): Promise<string> {
  const builds = (await api("GET", `/api/v1/apps/${app}/builds`)).body as Array<{ image: string | null }>;
  const image = builds.find((b) => b.image)?.image;
  if (!image) throw new Error(`${app} has no built image`);
  return image;
}
