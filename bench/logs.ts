// bench/logs: what the log collector sustains, and how late lines reach a live client.
//  1. Throughput: 20 containers (one `flood` process in each of 20 apps) start together and each
//     print 9,500 numbered lines as fast as they can. Each app's log holds them all (under
//     BERTH_LOG_LINES), so every line is counted afterwards: none may be missing or doubled. The
//     baseline, in the same run, is how fast Docker itself took the lines (its own timestamps):
//     the ratio says whether the collector keeps up with what the engine produces.
//  2. Latency: another app's web process prints a timestamped line every 50 ms; an SSE client of
//     the log-stream API notes when each arrives (p50/p95/max), on a quiet machine and then during
//     the flood.
import fs from "node:fs";
import path from "node:path";
import { db } from "../lib/db.ts";
import { lineFromEntry, logStreamKey } from "../lib/logs/log-line.ts";
import { parseDockerTime } from "../lib/logs/resume-point.ts";
import { redis } from "../lib/redis.ts";
import { api, BASE, commitAll, createApp, push, sampleRepo, token, waitFor } from "../e2e/support/berth.ts";

const CONTAINERS = Number(process.env.BENCH_LOG_CONTAINERS ?? 20);
// Under the default BERTH_LOG_LINES (10,000) with room for the build's and Berth's own lines.
const LINES = Number(process.env.BENCH_LOG_LINES ?? 9500);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const stamp = (time: string) => Number(parseDockerTime(time)! / 1_000_000n);

/** Follows web.1's ticks over SSE; each tick carries the ms it was printed at. */
function sseLatency(app: string) {
  const delays: number[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(`${BASE}/api/v1/apps/${app}/log-stream?lines=0&tail=true&process=web.1&source=app`, { headers: { authorization: `Bearer ${await token()}` }, signal: abort.signal });
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const now = Date.now();
      buffer += Buffer.from(chunk).toString("utf8");
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const m = /tick web\.1 \d+ (\d+)"/.exec(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (m) delays.push(now - Number(m[1]));
      }
    }
  })().catch(() => undefined);
  return {
    stop: async () => {
      abort.abort();
      await done;
      const sorted = [...delays].sort((a, b) => a - b);
      return `${sorted.length} lines: p50 ${quantile(sorted, 0.5)} ms, p95 ${quantile(sorted, 0.95)} ms, max ${sorted[sorted.length - 1]} ms`;
    },
  };
}

function collectorCpuSeconds(): number {
  const pid = fs.readFileSync(path.join(process.env.BERTH_DATA_DIR!, "log-collector.pid"), "utf8").trim();
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
}

/** An app of the ticker sample with its own image (deleting an app removes its image by id). */
async function deployTicker(prefix: string, config: Record<string, string>): Promise<{ app: string; repo: string }> {
  const app = await createApp(prefix);
  const repo = await sampleRepo("log-ticker");
  fs.appendFileSync(path.join(repo, "ticker.py"), `# ${app}\n`);
  await commitAll(repo, "own image");
  await api("PATCH", `/api/v1/apps/${app}/config-vars`, config);
  // The config change is a release of its own: the push waits until it is done.
  await waitFor(`${app}'s config release`, async () => ((await api("GET", `/api/v1/apps/${app}`)).body?.deploying === false ? true : undefined));
  const pushed = await push(repo, app);
  if (pushed.code !== 0) throw new Error(`push of ${app} failed:\n${pushed.output}`);
  return { app, repo };
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

const deployed: Array<{ app: string; repo: string }> = [];
try {
  const latencyApp = await deployTicker("bench-lat", { TICK_MS: "50" });
  deployed.push(latencyApp);
  const quiet = sseLatency(latencyApp.app);
  await new Promise((r) => setTimeout(r, 10_000));
  console.log(`SSE latency, quiet machine: ${await quiet.stop()}`);

  const floods = await inBatches(Array.from({ length: CONTAINERS }, (_, i) => i), 2, async (i) => {
    const d = await deployTicker(`bench-flood${i}`, { TICK_MS: "0", FLOOD_LINES: String(LINES) });
    deployed.push(d);
    // The web process is not needed here: only the flood process prints.
    await api("PATCH", `/api/v1/apps/${d.app}/formation/web`, { quantity: 0 });
    return { ...d, id: (await db.app.findUniqueOrThrow({ where: { name: d.app } })).id };
  });
  await new Promise((r) => setTimeout(r, 3000));

  // Polled by length only while the flood runs (reading 20 whole streams would compete with the
  // collector); the exact count follows.
  const lengths = () => Promise.all(floods.map((f) => redis().xlen(logStreamKey(f.id))));
  const before = await lengths();
  const cpuBefore = collectorCpuSeconds();
  const busy = sseLatency(latencyApp.app);
  const started = Date.now();
  await Promise.all(floods.map((f) => api("PATCH", `/api/v1/apps/${f.app}/formation/flood`, { quantity: 1 })));
  await waitFor(`${CONTAINERS * LINES} more lines`, async () => (await lengths()).every((n, i) => n >= before[i]! + LINES), 180_000).catch(() => undefined);
  const floodCount = async (appId: string) => (await redis().xrange(logStreamKey(appId), "-", "+")).filter(([, fields]) => fields[1]!.includes(" flood.")).length;
  await waitFor("every flood line", async () => (await Promise.all(floods.map((f) => floodCount(f.id)))).every((n) => n >= LINES), 20_000).catch(() => undefined);
  const busyLatency = await busy.stop();
  const cpu = collectorCpuSeconds() - cpuBefore;

  let got = 0;
  let doubled = 0;
  let first = Infinity;
  let lastProduced = 0;
  let lastStored = 0;
  const lags: number[] = [];
  for (const f of floods) {
    const numbers = new Set<number>();
    for (const [id, fields] of await redis().xrange(logStreamKey(f.id), "-", "+")) {
      const line = lineFromEntry(id, fields);
      const m = line.process.startsWith("flood.") ? /^flood \S+ (\d+) /.exec(line.text) : null;
      if (!m) continue;
      if (numbers.has(Number(m[1]))) doubled++;
      numbers.add(Number(m[1]));
      const produced = stamp(line.time);
      const stored = Number(id.split("-")[0]);
      first = Math.min(first, produced);
      lastProduced = Math.max(lastProduced, produced);
      lastStored = Math.max(lastStored, stored);
      lags.push(stored - produced);
    }
    got += numbers.size;
  }
  const total = CONTAINERS * LINES;
  const producedSeconds = (lastProduced - first) / 1000;
  const collectedSeconds = (lastStored - first) / 1000;
  lags.sort((a, b) => a - b);
  console.log(`flood: ${CONTAINERS} containers × ${LINES} lines = ${total}; stored ${got} (${total - got} missing, ${doubled} doubled); scale to last line stored ${((lastStored - started) / 1000).toFixed(1)} s`);
  console.log(`baseline, Docker took the lines in ${producedSeconds.toFixed(2)} s = ${Math.round(total / producedSeconds)} lines/s`);
  console.log(`collector stored them by ${collectedSeconds.toFixed(2)} s = ${Math.round(got / collectedSeconds)} lines/s; ratio ${(producedSeconds / collectedSeconds).toFixed(2)} of Docker's pace`);
  console.log(`collector lag (Docker's stamp → in Redis): p50 ${quantile(lags, 0.5)} ms, p95 ${quantile(lags, 0.95)} ms, max ${lags[lags.length - 1]} ms; collector CPU ${cpu.toFixed(1)} s (${((cpu / got) * 1e6).toFixed(1)} µs per line)`);
  console.log(`SSE latency during the flood: ${busyLatency}`);
} finally {
  await inBatches(deployed, 4, async (d) => {
    await api("DELETE", `/api/v1/apps/${d.app}`);
    fs.rmSync(d.repo, { recursive: true, force: true });
  });
  await db.$disconnect();
  redis().disconnect();
}
