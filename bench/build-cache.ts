// bench/build-cache: how much the app's cache volume saves. Builds the Node.js sample with
// dependencies and a build step (e2e/apps/node-build) in a new app — an empty cache, the cold
// build — then again with a source file changed, as the next push would — the warm build — and
// prints warm / cold measured in the same run (target <= 0.4), with where both builds' time goes,
// step by step ("----->" lines of the log, timed as they stream). Then the sizes of runner-based
// app images of several samples next to the berth/builder image they were built with.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { api, APPS_DIR, BASE, createApp, token } from "../e2e/support/berth.ts";

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SAMPLE = "node-build";
const SIZE_SAMPLES = ["python-vendored", "go-hello", "static-site", "procfile-only"];

interface TimedLine {
  at: number;
  text: string;
}
interface TimedBuild {
  imageSize: number;
  /** From the first line of the build's output to "Build succeeded: …" (the image is made by then). */
  ms: number;
  /** The buildpacks' part: bin/build in berth/builder, up to its "Build succeeded (…)". */
  compileMs: number;
  /** Making the image FROM berth/runner out of the slug. */
  slugImageMs: number;
  lines: TimedLine[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function tarball(dir: string): Promise<Uint8Array> {
  const { stdout } = await run("tar", ["-C", dir, "-czf", "-", "."], { encoding: "buffer", maxBuffer: 1 << 26 });
  return new Uint8Array(stdout);
}

/** Uploads a folder, follows its output live (each line stamped on arrival) until the pipeline ends. */
async function timedBuild(app: string, sample: string, dir = path.join(APPS_DIR, sample)): Promise<TimedBuild> {
  const upload = await api("POST", `/api/v1/apps/${app}/builds`, await tarball(dir), { "content-type": "application/gzip" });
  if (upload.status !== 201) throw new Error(`upload of ${sample}: ${upload.status} ${JSON.stringify(upload.body)}`);
  const res = await fetch(`${BASE}/api/v1/apps/${app}/builds/${upload.body.id}/output`, { headers: { authorization: `Bearer ${await token()}` } });
  if (!res.ok || !res.body) throw new Error(`build output: ${res.status}`);
  const lines: TimedLine[] = [];
  const decoder = new TextDecoder();
  let partial = "";
  for await (const chunk of res.body) {
    const at = performance.now();
    const parts = (partial + decoder.decode(chunk as Uint8Array, { stream: true })).split("\n");
    partial = parts.pop() ?? "";
    for (const text of parts) lines.push({ at, text });
  }
  const build = (await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}`)).body;
  const at = (pattern: RegExp) => lines.find((l) => pattern.test(l.text))?.at;
  const [compiled, slug, done] = [at(/^-----> Build succeeded \(/), at(/^-----> Compressing/), at(/^-----> Build succeeded: /)];
  if (build.status !== "succeeded" || !compiled || !slug || !done) throw new Error(`the ${sample} build ${build.status}:\n${lines.map((l) => l.text).join("\n")}`);
  const start = lines[0]!.at;
  return { imageSize: build.imageSize, ms: done - start, compileMs: compiled - start, slugImageMs: done - slug, lines };
}

/** Each "----->" step of a build, up to the image, with the time until the next one. */
function steps(build: TimedBuild): Array<{ step: string; ms: number }> {
  const heads = build.lines.filter((l) => l.text.startsWith("-----> "));
  const end = heads.findIndex((l) => l.text.startsWith("-----> Build succeeded: "));
  return heads.slice(0, end).map((h, i) => ({ step: h.text.slice(7), ms: heads[i + 1]!.at - h.at }));
}

const variants: string[] = [];
/** The sample with a line of its own: no build reuses an image layer of another (Docker's build
 * cache would make an identical slug of an earlier run nearly free, which no real push gets). */
function variant(round: number, push: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-bench-"));
  variants.push(dir);
  fs.cpSync(path.join(APPS_DIR, SAMPLE), dir, { recursive: true });
  fs.appendFileSync(path.join(dir, "README.md"), `\nRound ${round}, ${push}, ${new Date().toISOString()}.\n`);
  return dir;
}

async function imageBytes(image: string): Promise<number> {
  const { stdout } = await run("docker", ["image", "inspect", "-f", "{{.Size}}", image]);
  return Number(stdout.trim());
}

const apps: string[] = [];
try {
  const rounds: Array<{ cold: TimedBuild; warm: TimedBuild }> = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const app = await createApp("bcache");
    apps.push(app);
    const cold = await timedBuild(app, SAMPLE, variant(round, "first push"));
    // the next push changes the app's code, as pushes do
    const warm = await timedBuild(app, SAMPLE, variant(round, "next push"));
    rounds.push({ cold, warm });
    console.log(`round ${round}: cold ${seconds(cold.ms)} (buildpacks ${seconds(cold.compileMs)}), warm ${seconds(warm.ms)} (buildpacks ${seconds(warm.compileMs)})`);
  }
  const figure = (label: string, pick: (b: TimedBuild) => number, target = "") => {
    const cold = median(rounds.map((r) => pick(r.cold)));
    const warm = median(rounds.map((r) => pick(r.warm)));
    console.log(`  ${label.padEnd(34)} cold ${seconds(cold).padStart(7)}  warm ${seconds(warm).padStart(7)}  warm/cold ${(warm / cold).toFixed(2)}x${target}`);
  };
  console.log(`\nbuild-cache (${SAMPLE}, median of ${ROUNDS} rounds):`);
  figure("whole build (source -> image)", (b) => b.ms, " (target <= 0.4x)");
  figure("buildpacks (bin/build in builder)", (b) => b.compileMs);
  figure("slug image (FROM berth/runner)", (b) => b.slugImageMs);

  const last = rounds.at(-1)!;
  console.log("\nwhere the time goes (last round)        cold      warm");
  const warmSteps = new Map(steps(last.warm).map((s) => [s.step.replace(/ \(.*$/, ""), s.ms]));
  for (const s of steps(last.cold)) {
    const name = s.step.replace(/ \(.*$/, "");
    console.log(`  ${name.padEnd(34).slice(0, 34)} ${seconds(s.ms).padStart(8)}  ${warmSteps.has(name) ? seconds(warmSteps.get(name)!).padStart(8) : "       -"}`);
  }

  // Image sizes: every app image is berth/runner plus one layer holding the slug.
  const builder = await imageBytes("berth/builder:latest");
  const runner = await imageBytes("berth/runner:latest");
  const sized: Array<[string, number]> = [[SAMPLE, last.warm.imageSize]];
  for (const sample of SIZE_SAMPLES) {
    const app = await createApp("bsize");
    apps.push(app);
    sized.push([sample, (await timedBuild(app, sample)).imageSize]);
  }
  console.log(`\nimage sizes: berth/builder ${mb(builder)}, berth/runner ${mb(runner)}`);
  for (const [sample, bytes] of sized) {
    console.log(`  ${sample.padEnd(16)} ${mb(bytes).padStart(7)} (slug layer ${mb(bytes - runner).padStart(6)}), ${(bytes / builder).toFixed(2)}x the builder image`);
  }
} finally {
  for (const app of apps) await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
  for (const dir of variants) fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
