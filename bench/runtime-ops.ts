// bench/runtime-ops: how fast the release runtime acts, and what it drops, under continuous
// traffic through the router — a config change until every container serves it, a scale of web
// 1→10 until all ten are routed, a restart and a rollback. The baseline, measured in the same
// run, is plain `docker run` of the same image until its first 200.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { api, createApp, imageRepoOf, loadClient, push, sampleRepo, viaRouter, waitFor } from "../e2e/support/berth.ts";

const run = promisify(execFile);

function getDirect(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: address, port: 5000, path: "/", agent: false, timeout: 2000 }, (res) => resolve(res.resume().statusCode ?? 0)).on("error", reject);
  });
}

/** Plain Docker: run the image and wait for its first 200. */
async function dockerRunBaseline(image: string): Promise<number> {
  const name = `berth-bench-run-${process.pid}`;
  const start = performance.now();
  await run("docker", ["run", "-d", "--name", name, "--label", `berth.instance=${process.env.BERTH_INSTANCE}`, "-e", "PORT=5000", image]);
  const { stdout } = await run("docker", ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name]);
  await waitFor("the baseline container", async () => (await getDirect(stdout.trim()).catch(() => 0)) === 200);
  const elapsed = performance.now() - start;
  await run("docker", ["rm", "-f", name]);
  return elapsed;
}

const routedWebServers = (app: string) => {
  const cfg = fs.readFileSync(path.join(process.env.BERTH_DATA_DIR!, "router", "haproxy.cfg"), "utf8");
  const backend = cfg.split(`backend app_${app}\n`)[1]?.split("\n\n")[0] ?? "";
  return backend.split("\n").filter((l) => l.trim().startsWith("server web.")).length;
};

const app = await createApp("bench-rt");
const repo = await sampleRepo("docker-hello");
const results: string[] = [];
try {
  const pushed = await push(repo, app);
  if (pushed.code !== 0) throw new Error(`push failed:\n${pushed.output}`);
  const baseline = await dockerRunBaseline(`${await imageRepoOf(app)}:v1`);
  results.push(`baseline docker run → first 200: ${baseline.toFixed(0)} ms`);

  const measure = async (what: string, target: number | undefined, op: () => Promise<void>) => {
    const load = loadClient(app);
    const start = performance.now();
    await op();
    const elapsed = performance.now() - start;
    await new Promise((r) => setTimeout(r, 1500)); // old containers drain and stop under load
    const { total, failures } = await load.stop();
    results.push(
      `${what}: ${elapsed.toFixed(0)} ms (${(elapsed / baseline).toFixed(2)}x docker run${target ? `; target <= ${target} ms` : ""}), ` +
        `${failures.length} of ${total} requests failed (target 0)`,
    );
  };

  await measure("config change until served", 3000, async () => {
    const res = await api("PATCH", `/api/v1/apps/${app}/config-vars`, { GREETING: "bench" });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    await waitFor("the new config", async () => (await viaRouter(app, "/env")).body === "bench\n");
  });
  await measure("scale web 1→10 until all routed", 10_000, async () => {
    await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 10 });
    await waitFor("ten routed web servers", async () => routedWebServers(app) === 10, 60_000);
  });
  await measure("scale web 10→1", undefined, async () => {
    await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 1 });
    await waitFor("one routed web server", async () => routedWebServers(app) === 1, 60_000);
  });
  await measure("restart", undefined, async () => {
    const before = fs.readFileSync(path.join(process.env.BERTH_DATA_DIR!, "router", "haproxy.cfg"), "utf8");
    await api("DELETE", `/api/v1/apps/${app}/processes`);
    await waitFor("a new web.1 routed", async () => fs.readFileSync(path.join(process.env.BERTH_DATA_DIR!, "router", "haproxy.cfg"), "utf8") !== before, 60_000);
  });
  await measure("rollback to v1", undefined, async () => {
    const res = await api("POST", `/api/v1/apps/${app}/releases`, { release: 1 });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    await waitFor("v1's config", async () => (await viaRouter(app, "/env")).body === "(unset)\n");
  });
  for (const line of results) console.log(`runtime-ops ${line}`);
} finally {
  await api("DELETE", `/api/v1/apps/${app}`);
  fs.rmSync(repo, { recursive: true, force: true });
}
