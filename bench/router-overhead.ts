// bench/router-overhead: what Berth's generated HAProxy config costs per request. In one run, wrk
// on loopback measures a small node backend directly, through a bare one-backend HAProxy config,
// and through the config Berth renders (many apps and domains, TLS bound, X-Forwarded-* headers,
// retries, health checks, access log forwarded to the log collector, one thread) — plus, to show
// what they cost, that config without the access log and without L7 retries, and a bare config
// with Berth's thread count — and prints throughput and p99 with ratios.
// Targets: Berth ≥ 0.95× the bare HAProxy's throughput, p99 within 1 ms of it. They are
// measured back to back in interleaved rounds, so the machine's drift hits them alike. The
// CPU time HAProxy's workers spend per request is printed too: on a shared, busy machine it is
// steadier than throughput, which also depends on how much CPU the other processes leave.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { applyRouterConfig, stopRouter, type RouterPaths } from "../lib/router/haproxy.ts";
import { renderRouterConfig } from "../lib/router/render-haproxy.ts";
import { routerStateFor, type RoutedApp } from "../lib/router/router-state.ts";
import type { RouterConfig, RouterState } from "../lib/router/types.ts";
import { settings } from "../lib/env.ts";

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const DURATION = process.env.BENCH_DURATION ?? "3s";
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const HOST = "bench.berth.localhost";
const TEST_PEM = fs.readFileSync(path.join(import.meta.dirname, "..", "lib", "router", "testdata", "test-only-example-com.pem"), "utf8");

interface Sample {
  rps: number;
  p99Ms: number;
  /** HAProxy workers' CPU time per request (user + system), when measured through a router. */
  cpuUs?: number;
}

const CLOCK_TICKS = 100; // USER_HZ: /proc's unit of CPU time on Linux

/** CPU seconds used so far by the workers of the HAProxy whose master's pid is in `dir`. */
function workersCpu(dir: string): number {
  const master = fs.readFileSync(path.join(dir, "haproxy.pid"), "utf8").trim().split("\n")[0];
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (fields[1] === master) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / CLOCK_TICKS;
}

/** `n` distinct free ports: all are held open at once, then released. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => resolve(s));
      s.on("error", reject);
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** The backend: node's http server in its own process, so it does not share this one's event loop. */
async function startBackend(port: number): Promise<ChildProcess> {
  const code = `require("node:http").createServer((q, s) => { s.setHeader("content-type", "text/plain"); s.end("ok\\n"); }).listen(${port}, "127.0.0.1", () => console.log("ready"));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (c) => reject(new Error(`the backend exited with ${c}`)));
  });
  return child;
}

interface BerthTarget {
  dir: string;
  port: number;
  tlsPort: number;
  backend: number;
  /** Where the access log goes (Berth's log collector listens there); none leaves it out. */
  logTarget?: string;
}

/**
 * Berth's config for a busy instance, through the same mapping sync-router uses: 40 apps with
 * two custom domains each, one in maintenance, and the measured app with two domains, a
 * certificate and an HTTPS redirect.
 */
function berthState(t: BerthTarget): RouterState {
  const apps: RoutedApp[] = [];
  const domain = (hostname: string, certificate: string | null = null, redirectHttps = false) => ({ hostname, certificate, redirectHttps });
  for (let i = 0; i < 40; i++) {
    const name = `app-${String(i).padStart(2, "0")}`;
    apps.push({
      name,
      maintenance: i === 7,
      domains: [domain(`api.${name}.example.org`), domain(`www.${name}.example.org`)],
      servers: [1, 2].map((n) => ({ name: `web.${n}-${name.slice(-2)}000${n}`, address: "127.0.0.2", port: 20000 + i * 2 + n })),
    });
  }
  const cert = TEST_PEM.slice(0, TEST_PEM.indexOf("-----BEGIN PRIVATE KEY-----"));
  apps.push({
    name: "bench",
    maintenance: false,
    domains: [domain("shop.example.com", cert), domain("www.example.com", cert, true)],
    servers: [{ name: "web.1-bench1", address: "127.0.0.1", port: t.backend }],
  });
  const state = routerStateFor(apps, {
    dir: t.dir,
    filesDir: path.join(t.dir, "files"),
    port: t.port,
    tlsPort: t.tlsPort,
    domain: "berth.localhost",
    logTarget: t.logTarget,
    threads: settings.routerThreads,
    privateKeyOf: () => TEST_PEM.slice(cert.length),
  });
  return { ...state, bindAddress: "127.0.0.1" };
}

/** A TCP listener standing in for Berth's log collector: it counts the access-log lines HAProxy forwards. */
async function logSink(): Promise<{ target: string; lines: () => number; close: () => void }> {
  let lines = 0;
  const connections = new Set<net.Socket>();
  const server = net.createServer((c) => {
    connections.add(c);
    c.on("data", (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    c.on("error", () => undefined);
    c.on("close", () => connections.delete(c));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () => {
    server.close();
    for (const c of connections) c.destroy();
  };
  return { target: `127.0.0.1:${(server.address() as net.AddressInfo).port}`, lines: () => lines, close };
}

function bareConfig(dir: string, port: number, backend: number, threads?: number): string {
  return [
    "global",
    `    stats socket ${path.join(dir, "stats.sock")} mode 600 level admin expose-fd listeners`,
    ...(threads ? [`    nbthread ${threads}`] : []),
    "defaults",
    "    mode http",
    "    timeout connect 5s",
    "    timeout client 60s",
    "    timeout server 60s",
    "frontend http",
    `    bind 127.0.0.1:${port}`,
    "    default_backend app",
    "backend app",
    `    server s1 127.0.0.1:${backend}`,
    "",
  ].join("\n");
}

/** Berth's config with retries on connection failures only: no request is kept for a replay. */
function withoutL7Retries(config: RouterConfig): RouterConfig {
  const text = config.text
    .replace("retry-on conn-failure empty-response response-timeout", "retry-on conn-failure")
    .replace(/^ +http-request disable-l7-retry .*\n/gm, "");
  if (text === config.text) throw new Error("the rendered config no longer has the L7 retries this bench removes; update withoutL7Retries");
  return { ...config, text };
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value);
  if (!m) throw new Error(`cannot read wrk's latency ${value}`);
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
}

async function wrk(port: number, routerDir?: string): Promise<Sample> {
  const cpuBefore = routerDir ? workersCpu(routerDir) : 0;
  const { stdout } = await run("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}`, "--latency", "-H", `Host: ${HOST}`, `http://127.0.0.1:${port}/`], { timeout: 120_000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /^\s+99%\s+(\S+)/m.exec(stdout)?.[1];
  if (!rps || !p99) throw new Error(`cannot read wrk's output:\n${stdout}`);
  if (/Non-2xx or 3xx responses|Socket errors/.test(stdout)) throw new Error(`wrk saw errors:\n${stdout}`);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const cpuUs = routerDir ? ((workersCpu(routerDir) - cpuBefore) * 1e6) / requests : undefined;
  return { rps, p99Ms: toMs(p99), cpuUs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "berth-router-bench-"));
const routers: RouterPaths[] = [];
let backend: ChildProcess | undefined;
let sink: Awaited<ReturnType<typeof logSink>> | undefined;
const cleanup = async () => {
  for (const r of routers) await stopRouter(r).catch(() => undefined);
  backend?.kill();
  sink?.close();
  fs.rmSync(work, { recursive: true, force: true });
};
process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
process.once("SIGTERM", () => void cleanup().then(() => process.exit(143)));

try {
  const [backendPort, barePort, bareThreadsPort, ...ports] = await freePorts(9);
  backend = await startBackend(backendPort);
  sink = await logSink();
  const berth = (name: string, opts: { log: boolean }) => {
    const [port, tlsPort] = [ports.shift()!, ports.shift()!];
    const config = renderRouterConfig(berthState({ dir: path.join(work, name), port, tlsPort, backend: backendPort, logTarget: opts.log ? sink!.target : undefined }));
    return { port, config };
  };
  const full = berth("berth", { log: true });
  const noLog = berth("noLog", { log: false });
  const noLogNoL7 = berth("noLogNoL7", { log: false });
  // The last two are diagnostics: what the access log (a line per request to the log collector,
  // from which the metrics come) and the L7 retries (a copy of each request kept in case it must
  // be replayed on another container) each cost.
  const routed = {
    bare: { port: barePort, config: { text: bareConfig(path.join(work, "bare"), barePort, backendPort), files: {} } },
    bareThreads: { port: bareThreadsPort, config: { text: bareConfig(path.join(work, "bareThreads"), bareThreadsPort, backendPort, settings.routerThreads), files: {} } },
    berth: full,
    noLog,
    noLogNoL7: { ...noLogNoL7, config: withoutL7Retries(noLogNoL7.config) },
  };
  for (const [name, { config }] of Object.entries(routed)) {
    const paths: RouterPaths = { dir: path.join(work, name) };
    routers.push(paths);
    fs.mkdirSync(paths.dir, { mode: 0o700 });
    await applyRouterConfig(paths, config);
  }

  const targets = { direct: backendPort, ...Object.fromEntries(Object.entries(routed).map(([name, r]) => [name, r.port])) } as Record<"direct" | keyof typeof routed, number>;
  type Target = keyof typeof targets;
  const order = Object.keys(targets) as Target[];
  const samples = Object.fromEntries(order.map((t) => [t, [] as Sample[]])) as Record<Target, Sample[]>;
  // Warm-up: JIT, connection pools, HAProxy's first health checks.
  for (const port of Object.values(targets)) await run("wrk", ["-t1", `-c${CONNECTIONS}`, "-d1s", "-H", `Host: ${HOST}`, `http://127.0.0.1:${port}/`]);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no target always runs first or last in a round.
    const k = round % order.length;
    for (const t of [...order.slice(k), ...order.slice(0, k)]) samples[t].push(await wrk(targets[t], t === "direct" ? undefined : path.join(work, t)));
  }

  // Ratios are taken within each round (the targets ran back to back), then the median over
  // rounds: other load on the machine shifts whole rounds, and pairing cancels most of that.
  const perRound = (f: (i: number) => number) => median(samples.direct.map((_, i) => f(i)));
  const rps = (t: Target) => median(samples[t].map((s) => s.rps));
  const p99 = (t: Target) => median(samples[t].map((s) => s.p99Ms));
  const cpu = (t: Target) => median(samples[t].map((s) => s.cpuUs ?? 0));
  const ratio = (a: Target, b: Target) => perRound((i) => samples[a][i]!.rps / samples[b][i]!.rps);
  const cpuRatio = (a: Target, b: Target) => perRound((i) => samples[a][i]!.cpuUs! / samples[b][i]!.cpuUs!);
  const p99Delta = (a: Target, b: Target) => perRound((i) => samples[a][i]!.p99Ms - samples[b][i]!.p99Ms);
  const ms = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)} ms`;
  const label: Record<Target, string> = {
    direct: "direct",
    bare: `bare HAProxy (${os.cpus().length} threads)`,
    bareThreads: `bare HAProxy (${settings.routerThreads} thread${settings.routerThreads === 1 ? "" : "s"})`,
    berth: `Berth config (${settings.routerThreads} thread${settings.routerThreads === 1 ? "" : "s"})`,
    noLog: "  without access log",
    noLogNoL7: "  and without L7 retries",
  };
  console.log(`router overhead (wrk -t1 -c${CONNECTIONS} -d${DURATION}, ${ROUNDS} interleaved rounds, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}):`);
  for (const t of order) {
    const haproxyCpu = t === "direct" ? "" : `  HAProxy CPU ${cpu(t).toFixed(1).padStart(4)} µs/req`;
    console.log(`  ${label[t].padEnd(26)} ${rps(t).toFixed(0).padStart(7)} req/s  p99 ${p99(t).toFixed(2)} ms${haproxyCpu}   (rounds: ${samples[t].map((s) => s.rps.toFixed(0)).join(", ")})`);
  }
  console.log(`  bare HAProxy / direct: ${ratio("bare", "direct").toFixed(2)}x;  Berth config / direct: ${ratio("berth", "direct").toFixed(2)}x`);
  for (const t of ["noLog", "noLogNoL7"] as const) {
    console.log(`  ${label[t].trim()} / bare HAProxy: ${ratio(t, "bare").toFixed(3)}x, p99 ${ms(p99Delta(t, "bare"))}, HAProxy CPU ${cpuRatio(t, "bare").toFixed(2)}x`);
  }
  console.log(`router overhead ratio: Berth config / bare HAProxy ${ratio("berth", "bare").toFixed(3)}x (target >= 0.95x; per round: ${samples.direct.map((_, i) => (samples.berth[i]!.rps / samples.bare[i]!.rps).toFixed(2)).join(", ")})`);
  console.log(`router overhead ratio, same thread count: Berth config / bare HAProxy with ${settings.routerThreads} thread(s) ${ratio("berth", "bareThreads").toFixed(3)}x, p99 ${ms(p99Delta("berth", "bareThreads"))}, HAProxy CPU ${cpuRatio("berth", "bareThreads").toFixed(2)}x`);
  console.log(`router overhead CPU: Berth config / bare HAProxy ${cpuRatio("berth", "bare").toFixed(2)}x HAProxy CPU time per request`);
  const logged = sink.lines();
  if (logged === 0) throw new Error("HAProxy sent no access-log line: the Berth config measured is not the one Berth runs");
  console.log(`  (Berth's config sent ${logged} access-log lines to the stand-in log collector)`);
  console.log(`router overhead p99: Berth config ${ms(p99Delta("berth", "bare"))} vs bare HAProxy (target within 1 ms)`);
} finally {
  await cleanup();
}
