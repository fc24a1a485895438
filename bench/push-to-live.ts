// bench/push-to-live: time from `git push` start to the first 200 with the new body through the
// router, for the sample Dockerfile app, against plain `docker build` + `docker run` + first 200
// of the same app, measured in the same run. Prints the ratio (warm second push; median of runs).
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { api, commitAll, createApp, push, sampleRepo, viaRouter } from "../e2e/support/berth.ts";

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function until200(get: () => Promise<{ status: number; body: string }>, body: string): Promise<void> {
  for (;;) {
    const res = await get().catch(() => ({ status: 0, body: "" }));
    if (res.status === 200 && res.body === body) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function getDirect(address: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: address, port: 5000, path: "/", agent: false, timeout: 2000 }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

/** Plain Docker: build the changed source, run it, wait for the new body. */
async function baselineRound(dir: string, round: number): Promise<number> {
  const body = `baseline round ${round}`;
  fs.writeFileSync(path.join(dir, "body.txt"), `${body}\n`);
  const tag = `berth-bench/baseline:${round}`;
  const name = `berth-bench-baseline-${process.pid}-${round}`;
  const start = performance.now();
  await run("docker", ["build", "-q", "-t", tag, "--label", `berth.instance=${process.env.BERTH_INSTANCE}`, dir], { env: { ...process.env, DOCKER_BUILDKIT: "0" } });
  await run("docker", ["run", "-d", "--name", name, "--label", `berth.instance=${process.env.BERTH_INSTANCE}`, "-e", "PORT=5000", tag]);
  const { stdout } = await run("docker", ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name]);
  await until200(() => getDirect(stdout.trim()), `${body}\n`);
  const elapsed = performance.now() - start;
  await run("docker", ["rm", "-f", name]);
  return elapsed;
}

async function berthRound(repo: string, app: string, round: number): Promise<number> {
  const body = `berth round ${round}`;
  fs.writeFileSync(path.join(repo, "body.txt"), `${body}\n`);
  await commitAll(repo, `round ${round}`);
  const start = performance.now();
  // "Live" is the first 200 with the new body, polled from the moment the push starts.
  const live = until200(() => viaRouter(app), `${body}\n`).then(() => performance.now() - start);
  const pushed = await push(repo, app);
  if (pushed.code !== 0) throw new Error(`push failed:\n${pushed.output}`);
  return live;
}

const app = await createApp("bench");
const repo = await sampleRepo("docker-hello");
const baselineDir = await sampleRepo("docker-hello");
try {
  // Cold first push and a first baseline build warm both caches.
  const first = await push(repo, app);
  if (first.code !== 0) throw new Error(`first push failed:\n${first.output}`);
  await baselineRound(baselineDir, 0);
  const berth: number[] = [];
  const baseline: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    baseline.push(await baselineRound(baselineDir, round));
    berth.push(await berthRound(repo, app, round));
  }
  const ratio = median(berth) / median(baseline);
  console.log(`push-to-live (warm, median of ${ROUNDS}): berth ${median(berth).toFixed(0)} ms, docker build+run ${median(baseline).toFixed(0)} ms`);
  console.log(`push-to-live ratio: ${ratio.toFixed(2)}x (target <= 1.5x)`);
} finally {
  await api("DELETE", `/api/v1/apps/${app}`);
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(baselineDir, { recursive: true, force: true });
  await run("docker", ["image", "rm", "-f", ...[0, 1, 2, 3, 4, 5].map((r) => `berth-bench/baseline:${r}`)]).catch(() => undefined);
}
process.exit(0);
