// bench/cluster: Berth on the three test hosts of a swarm (bench/run.sh runs it through
// scripts/with-swarm-instance.sh). Each figure against a baseline measured in the same run:
//  1. warm push-to-live of docker-hello, web=3, across 3 hosts against the same with two hosts
//     drained (all three on one host): the same instance, scheduler and code path (registry push
//     and pull, host-mode ports, router to node addresses), so the ratio is what spreading costs
//     (a local-scheduler instance would differ in more than the hosts: no registry, bridge
//     addresses); the registry push both figures hold is shown on its own (docker save);
//  2. scale web 1→8 across 3 hosts against 1→8 on one host (8 × small = 2 CPUs, all one test
//     host has: 12 fit on no single host), and 1→12 across 3 hosts against plain `docker run`;
//  3. host-kill recovery: a worker's dockerd killed under load, until 3 web processes are up on
//     the others and routed, against plain `docker run` + first 200 on a remaining host.
// Size small (0.25 CPU) throughout: a rollout on one host runs old and new side by side, and 6 ×
// standard (3 CPUs) would not fit a 2-CPU host. Everything it changes is undone in `finally`.
import fs from "node:fs";
import path from "node:path";
import { api, commitAll, createApp, loadClient, push, sampleRepo } from "../e2e/support/berth.ts";
import { docker, readHostsFile, testHostsScript } from "../e2e/swarm/hosts.ts";
import {
  dockerRunOn, dockerSaveMs, hostViews, imageOnHost, lineAt, logLineAt, median, newestBuildImage, perHost, poll, quiet, routedServers, scaleWeb, seconds, setDrain, timedPush, until200, webProcesses, webSettled, type Process,
} from "./support/cluster.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZE = "small";
const hosts = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? "/var/lib/berth-test-hosts/s0/hosts.env");
const manager = hosts.manager;
const workers = hosts.hosts.filter((h) => h.role !== "manager");
if (hosts.hosts.length !== 3 || workers.length !== 2) throw new Error(`bench/cluster needs 3 test hosts with one manager, not ${hosts.hosts.length}`);

const onEvery = (list: Process[]) => Object.keys(perHost(list)).length === 3;
const onlyOn = (name: string) => (list: Process[]) => list.every((p) => p.host === name);
const spread = (list: Process[]) => JSON.stringify(perHost(list));

const app = await createApp("bench-cl");
const repo = await sampleRepo("docker-hello");
let killed: (typeof workers)[number] | undefined;
let round = 0;

/** One warm push: from `git push` to the first 200 with the new body; with when the build log's steps arrived. */
async function pushRound(accept: (list: Process[]) => boolean) {
  const body = `bench round ${++round}\n`;
  fs.writeFileSync(path.join(repo, "body.txt"), body);
  await commitAll(repo, `round ${round}`);
  await quiet(app, hosts.hosts, 3);
  const start = performance.now();
  const live = until200(app, body).then(() => performance.now() - start);
  live.catch(() => undefined); // awaited below; a failed push must not leave it unhandled
  const pushed = await timedPush(repo, app, start);
  if (pushed.code !== 0) throw new Error(`push failed:\n${pushed.lines.map((l) => l.text).join("\n")}`);
  const ms = await live;
  const list = await webSettled(app, 3, accept);
  return { ms, list, built: lineAt(pushed.lines, /Build succeeded/), released: lineAt(pushed.lines, /Releasing v/), starting: lineAt(pushed.lines, /Starting web\./) };
}

async function scaleFrom1(to: number, accept: (list: Process[]) => boolean) {
  await scaleWeb(app, 1, SIZE);
  await webSettled(app, 1);
  await quiet(app, hosts.hosts, 1);
  const start = performance.now();
  await scaleWeb(app, to, SIZE);
  const list = await webSettled(app, to, accept);
  return { ms: performance.now() - start, list };
}

const out = (line: string) => console.log(line);

try {
  for (const h of hosts.hosts) await api("PATCH", `/api/v1/hosts/${h.name}`, { drain: false });
  // Cold first push, then web=3 small: one per host.
  const first = await push(repo, app);
  if (first.code !== 0) throw new Error(`first push failed:\n${first.output}`);
  await scaleWeb(app, 3, SIZE);
  await webSettled(app, 3, onEvery);

  // 1. Warm push-to-live, rounds interleaved: 3 hosts, then two drained (all on the manager), then undrained.
  const three: Array<Awaited<ReturnType<typeof pushRound>>> = [];
  const one: Array<Awaited<ReturnType<typeof pushRound>>> = [];
  for (let r = 0; r < ROUNDS; r++) {
    three.push(await pushRound(onEvery));
    await setDrain(workers, true);
    await webSettled(app, 3, onlyOn(manager.name));
    one.push(await pushRound(onlyOn(manager.name)));
    await setDrain(workers, false);
  }
  const phases = (rs: typeof three) => {
    const m = (f: (r: (typeof rs)[number]) => number) => seconds(median(rs.map(f)));
    return (
      `build ${m((r) => r.built)}, → releasing ${m((r) => r.released - r.built)}, → first start ${m((r) => r.starting - r.released)} ` +
      `(deploy job, registry push, network, placement), → live ${m((r) => r.ms - r.starting)} (pull, start, health check, router)`
    );
  };
  const each = (rs: typeof three) => rs.map((r) => seconds(r.ms)).join(", ");
  out(`# figure: warm push-to-live, web=3 ${SIZE}, median of ${ROUNDS}: 3 hosts ${seconds(median(three.map((r) => r.ms)))}, 1 host (two drained) ${seconds(median(one.map((r) => r.ms)))}`);
  out(`#   3 hosts: ${phases(three)}; rounds ${each(three)}; spread ${spread(three.at(-1)!.list)}`);
  out(`#   1 host:  ${phases(one)}; rounds ${each(one)}`);
  const image = await newestBuildImage(app);
  out(`#   docker save of the release image on the build engine (what skopeo reads to push it): ${seconds(await dockerSaveMs(image))}`);
  out(`cluster push-to-live ratio (3 hosts / 1 host): ${(median(three.map((r) => r.ms)) / median(one.map((r) => r.ms))).toFixed(2)}x (target <= 1.3x)`);

  // The plain Docker baseline for scale and recovery: the app's own image on the manager's engine.
  const onManager = await imageOnHost(manager, app);
  const dockerRuns: number[] = [];
  for (let r = 0; r < 3; r++) dockerRuns.push(await dockerRunOn(manager, onManager, `run${r}`));
  const dockerRun = median(dockerRuns);
  out(`# figure: plain docker run + first 200 on ${manager.name}: ${dockerRun.toFixed(0)} ms (median of 3)`);

  // 2. Scale web 1→8 across 3 hosts and on one (rounds interleaved), then 1→12 across 3.
  const across8: Array<Awaited<ReturnType<typeof scaleFrom1>>> = [];
  const on1: Array<Awaited<ReturnType<typeof scaleFrom1>>> = [];
  const across12: Array<Awaited<ReturnType<typeof scaleFrom1>>> = [];
  for (let r = 0; r < ROUNDS; r++) {
    across8.push(await scaleFrom1(8, onEvery));
    await scaleWeb(app, 1, SIZE);
    await webSettled(app, 1);
    await setDrain(workers, true);
    await webSettled(app, 1, onlyOn(manager.name));
    on1.push(await scaleFrom1(8, onlyOn(manager.name)));
    await setDrain(workers, false);
    across12.push(await scaleFrom1(12, onEvery));
  }
  const ms = (rs: typeof on1) => median(rs.map((r) => r.ms));
  const rounds = (rs: typeof on1) => rs.map((r) => seconds(r.ms)).join(", ");
  out(`# figure: scale web 1→8 ${SIZE}, median of ${ROUNDS}: 3 hosts ${seconds(ms(across8))} (rounds ${rounds(across8)}; ${spread(across8[0]!.list)}), 1 host ${seconds(ms(on1))} (rounds ${rounds(on1)})`);
  out(`cluster scale 1→8 ratio (3 hosts / 1 host): ${(ms(across8) / ms(on1)).toFixed(2)}x`);
  out(`# figure: scale web 1→12 ${SIZE} across 3 hosts, median of ${ROUNDS}: ${seconds(ms(across12))} (rounds ${rounds(across12)}; ${spread(across12[0]!.list)}), ${(ms(across12) / dockerRun).toFixed(1)}x one plain docker run`);

  // 3. Host-kill recovery: web=3, one per host (a restart respreads them), a worker killed under load.
  await scaleWeb(app, 3, SIZE);
  await webSettled(app, 3);
  if (!onEvery(await webProcesses(app))) {
    await api("DELETE", `/api/v1/apps/${app}/processes`);
    await webSettled(app, 3, onEvery);
  }
  await quiet(app, hosts.hosts, 3);
  const victim = workers[workers.length - 1]!;
  const load = loadClient(app, { maxRequests: 50_000 });
  const start = performance.now();
  killed = victim;
  const replacing = logLineAt(new RegExp(`host ${victim.name} is down: replacing`), start).catch(() => NaN);
  process.kill(victim.pid, "SIGKILL");
  // The hosts API shows the swarm's view (its heartbeat), the scheduler pings the engine itself: both are timed.
  const listedDown = poll(`${victim.name} listed down`, 90_000, async () => (await hostViews()).find((h) => h.name === victim.name)?.state === "down", 250).then(
    () => performance.now() - start,
    () => NaN,
  );
  const list = await webSettled(app, 3, (l) => l.every((p) => p.host !== victim.name) && routedServers(app).every((s) => s.address !== victim.address), 90_000);
  await until200(app, `bench round ${round}\n`, 10_000);
  const recovered = performance.now() - start;
  const { total, failures } = await load.stop();
  out(
    `# figure: host killed (${victim.name}): the reconciler replaces its containers after ${seconds(await replacing)}, 3 web up and routed on the others after ` +
      `${seconds(recovered)} (${spread(list)}); the hosts API lists it down after ${seconds(await listedDown)}; ${total} requests, ${failures.length} failed`,
  );
  out(`cluster host-kill recovery: ${seconds(recovered)} (target <= 20 s), ${(recovered / dockerRun).toFixed(1)}x plain docker run + first 200`);
} finally {
  if (killed) {
    const victim = killed;
    const repairStart = performance.now();
    await testHostsScript(["up", String(hosts.hosts.length)]).catch((err: Error) => console.error(`test-hosts.sh up failed: ${err.message}`));
    await poll(`${victim.name} ready again`, 120_000, async () => (await hostViews()).find((h) => h.name === victim.name)?.state === "ready")
      .then(() => console.log(`# figure: ${victim.name} repaired and ready again after ${seconds(performance.now() - repairStart)}`))
      .catch((err: Error) => console.error(err.message));
  }
  if (killed) {
    // What the killed engine still ran has no row: the sweep removes it once the host is back.
    const back = readHostsFile(hosts.file).hosts.find((h) => h.name === killed!.name)!;
    await poll(`${back.name} to run no container of ${app}`, 60_000, async () => (await docker(back, ["ps", "-aq", "--filter", `label=berth.app=${app}`])) === "").catch((err: Error) => console.error(err.message));
  }
  for (const h of hosts.hosts) {
    const res = await api("PATCH", `/api/v1/hosts/${h.name}`, { drain: false }).catch(() => ({ status: 0 }));
    if (res.status !== 200) await docker(manager, ["node", "update", "--availability", "active", "--label-rm", "berth.drain", h.nodeId]).catch(() => undefined);
  }
  await api("DELETE", `/api/v1/apps/${app}`);
  fs.rmSync(repo, { recursive: true, force: true });
}
process.exit(0);
