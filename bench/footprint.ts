// bench/footprint: what Berth's control plane holds in memory at rest. The instance this runs in
// was started as `npm start` starts Berth (scripts/run-berth.sh); this deploys 20 small apps (the
// sample Dockerfile app, whose layers the engine caches after the first build), waits until the
// control plane is idle (BENCH_IDLE_SECONDS, 120), and prints the resident memory (RSS) of every
// process of Berth's process group — web, workers, log collector and any helper they started
// (tsx's esbuild service) — with the total against the target (250 MB for web + workers +
// collector). Figures and a ratio, no assertion: the machine is shared.
import fs from "node:fs";
import { api, createApp, push, sampleRepo, viaRouter, waitFor } from "../e2e/support/berth.ts";

const APPS = Number(process.env.BENCH_FOOTPRINT_APPS ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 120);
const PARALLEL_PUSHES = 4;
const TARGET_MB = 250;

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
  rssKb: number;
  /** Of the RSS: memory of the process's own (heaps, stacks), not pages of files such as node's binary */
  anonKb: number;
}

/** Every process of the process group (from /proc: pid, parent, command line, VmRSS). */
function groupProcesses(pgid: number): Proc[] {
  const procs: Proc[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm may hold spaces and parentheses: the fields after it start past the last ')'
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      procs.push({ pid: Number(entry), ppid: Number(fields[1]), comm, cmdline, rssKb: kb("VmRSS"), anonKb: kb("RssAnon") });
    } catch {
      // the process ended while it was read
    }
  }
  return procs;
}

/** What a process is for Berth, from its command line (or its parent's, for a helper). */
function roleOf(proc: Proc, all: Proc[]): string | undefined {
  const of = (cmd: string) =>
    /web-server|next-server|next start/.test(cmd) ? "web" : /log-collector/.test(cmd) ? "log collector" : /workers\/main|workers\.mjs|main\.mjs/.test(cmd) ? "workers" : undefined;
  if (proc.comm === "bash" || proc.comm === "sleep") return undefined; // the supervisors
  if (/esbuild/.test(proc.cmdline)) {
    const parent = all.find((p) => p.pid === proc.ppid);
    return `esbuild service (of ${parent ? (of(parent.cmdline) ?? parent.comm) : "?"})`;
  }
  if (proc.comm === "haproxy" || /haproxy/.test(proc.cmdline)) return undefined; // the data plane
  return of(proc.cmdline) ?? proc.comm;
}

function report(label: string): number {
  const pgid = Number(process.env.BERTH_TEST_CONTROL_PLANE_PGID);
  const all = groupProcesses(pgid);
  const rows = all.flatMap((p) => {
    const role = roleOf(p, all);
    return role ? [{ role, pid: p.pid, mb: p.rssKb / 1024, anonMb: p.anonKb / 1024 }] : [];
  });
  rows.sort((a, b) => a.role.localeCompare(b.role));
  console.log(`footprint ${label}:`);
  for (const r of rows) console.log(`  ${r.role.padEnd(36)} pid ${String(r.pid).padEnd(8)} ${r.mb.toFixed(1).padStart(7)} MB RSS (${r.anonMb.toFixed(1)} MB its own)`);
  const total = rows.reduce((sum, r) => sum + r.mb, 0);
  const core = rows.filter((r) => ["web", "workers", "log collector"].includes(r.role)).reduce((sum, r) => sum + r.mb, 0);
  console.log(`  total ${total.toFixed(0)} MB; web + workers + collector ${core.toFixed(0)} MB = ${(core / TARGET_MB).toFixed(2)}x the ${TARGET_MB} MB target`);
  return total;
}

if (!process.env.BERTH_TEST_CONTROL_PLANE_PGID) throw new Error("run through bench/run.sh: BERTH_TEST_CONTROL_PLANE_PGID names Berth's process group");
report("after start (no apps)");

const apps: string[] = [];
const repo = await sampleRepo("docker-hello");
try {
  const started = performance.now();
  for (let i = 0; i < APPS; i++) apps.push(await createApp(`fp${i}`));
  // A few pushes at once: the build queue runs two, the rest wait their turn
  const queue = [...apps];
  await Promise.all(
    Array.from({ length: PARALLEL_PUSHES }, async () => {
      for (let app = queue.shift(); app; app = queue.shift()) {
        const pushed = await push(repo, app);
        if (pushed.code !== 0) throw new Error(`push to ${app} failed:\n${pushed.output}`);
        await waitFor(`${app} to serve`, async () => (await viaRouter(app)).status === 200, 120_000);
      }
    }),
  );
  console.log(`deployed ${APPS} apps in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  report(`with ${APPS} apps, right after their deploys`);
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  report(`with ${APPS} apps, ${IDLE_SECONDS} s later (idle)`);
} finally {
  for (const app of apps) await api("DELETE", `/api/v1/apps/${app}`);
  fs.rmSync(repo, { recursive: true, force: true });
}
process.exit(0);
