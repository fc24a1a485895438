// Apps across the three test hosts of a swarm (BERTH_SCHEDULER=swarm, scripts/with-swarm-instance.sh):
// the first push runs on hosts that never had its image (pulled from the registry), web spreads
// two per host, deploys under load drop nothing, a formation that fits nowhere is refused, a
// draining host's processes move, and a host whose engine dies is replaced — with no failed request.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { api, commitAll, createApp, imageRepoOf, loadClient, push, sampleRepo, viaRouter, waitFor } from "../support/berth.ts";
import { docker, readHostsFile, testHostsScript, type TestHosts } from "../swarm/hosts.ts";

interface Process {
  name: string;
  type: string;
  state: string;
  release: number;
  host: string;
}

const processes = async (app: string) => ((await api("GET", `/api/v1/apps/${app}/processes`)).body as Process[]).filter((p) => p.type === "web");
const perHost = (list: Process[]) => list.reduce<Record<string, number>>((t, p) => ({ ...t, [p.host]: (t[p.host] ?? 0) + 1 }), {});

async function scale(app: string, quantity: number, size = "standard") {
  const res = await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity, size });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return waitFor(`${quantity} web processes of ${app} up`, async () => {
    const list = await processes(app);
    return list.length === quantity && list.every((p) => p.state === "up") ? list : undefined;
  }, 120_000);
}

describe("apps on three hosts", { concurrency: false }, () => {
  let hosts: TestHosts;
  let app: string;
  let repo: string;

  before(async () => {
    hosts = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? "/var/lib/berth-test-hosts/s0/hosts.env");
    app = await createApp("cl");
    repo = await sampleRepo("docker-hello");
  });
  after(async () => {
    for (const h of hosts.hosts) await api("PATCH", `/api/v1/hosts/${h.name}`, { drain: false });
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("the first push runs from the registry on a host that never had the image", async () => {
    const started = Date.now();
    const result = await push(repo, app);
    assert.equal(result.code, 0, result.output);
    console.log(`# figure: first push to live on 3 hosts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(await viaRouter(app), { status: 200, body: "hello from docker v1\n" });
    const [web] = await processes(app);
    const host = hosts.hosts.find((h) => h.name === web!.host);
    assert.ok(host, `web.1 runs on a test host (${web!.host})`);
    const images = await docker(host, ["images", "--format", "{{.Repository}}:{{.Tag}}"]);
    assert.match(images, new RegExp(`^${hosts.registry.replace(/\./g, "\\.")}/\\S+-app/\\S+:build-`, "m"), "the host ran the registry's image");
  });

  test("scale web 1 → 6: two on each host, all answering through the router", async () => {
    const list = await scale(app, 6);
    assert.deepEqual(perHost(list), Object.fromEntries(hosts.hosts.map((h) => [h.name, 2])));
    for (let i = 0; i < 12; i++) assert.equal((await viaRouter(app)).status, 200);
  });

  test("a formation that fits on no host is refused, naming what is missing, and nothing changes", async () => {
    const before = (await api("GET", `/api/v1/apps/${app}/formation`)).body;
    // Each test host has 2 CPUs: seven large (1 CPU each) fit on none of the three.
    const res = await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 7, size: "large" });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.match(res.body.message, /^web\.\d+ \(large: 1 CPU, 1 GiB\) fits on no host: .*CPU free/);
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/formation`)).body, before);
    assert.equal((await processes(app)).length, 6);
  });

  test("a push under load on three hosts fails no request", async () => {
    await scale(app, 3);
    const load = loadClient(app, { maxRequests: 20_000 });
    fs.writeFileSync(path.join(repo, "body.txt"), "hello from docker v2\n");
    await commitAll(repo, "v2");
    const result = await push(repo, app);
    await new Promise((r) => setTimeout(r, 2000));
    const { total, failures, bodies } = await load.stop();
    assert.equal(result.code, 0, result.output);
    console.log(`# figure: push under load on 3 hosts: ${total} requests, ${failures.length} failed`);
    assert.deepEqual(failures, []);
    assert.ok((bodies.get("hello from docker v2\n") ?? 0) > 0, "v2 served after the switch");
    assert.deepEqual(Object.values(perHost(await processes(app))).sort(), [1, 1, 1]);
  });

  test("images no kept release needs are pruned everywhere; a rollback to one is refused", async () => {
    // The swarm test instance keeps the images of the newest 2 releases (BERTH_KEPT_RELEASE_IMAGES).
    fs.writeFileSync(path.join(repo, "body.txt"), "hello from docker v3\n");
    await commitAll(repo, "v3");
    const result = await push(repo, app);
    assert.equal(result.code, 0, result.output);
    const repository = await imageRepoOf(app);
    const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ version: number; build: string | null }>;
    const first = releases.find((r) => r.version === 1)!.build!;
    const tags = async () => ((await fetch(`http://${hosts.registry}/v2/${repository}/tags/list`).then((r) => r.json())) as { tags?: string[] | null }).tags ?? [];
    await waitFor("v1's image to leave the registry", async () => (!(await tags()).includes(`build-${first}`) ? true : undefined), 90_000);
    assert.equal((await tags()).length, 2, `the two kept builds' tags stay: ${await tags()}`);
    // The hosts' copies go right after the registry's tags (the same prune, in that order).
    for (const h of hosts.hosts) {
      const images = () => docker(h, ["images", "--format", "{{.Repository}}:{{.Tag}}"]);
      await waitFor(`v1's image to leave ${h.name}`, async () => (!(await images()).includes(`build-${first}`) ? true : undefined), 30_000).catch(async (err: Error) => {
        throw new Error(`${err.message}:\n${await images()}`);
      });
    }
    const refused = await api("POST", `/api/v1/apps/${app}/releases`, { release: 1 });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.match(refused.body.message, /^v1's image was pruned: Berth keeps the images of an app's newest 2 releases; push that commit again to run it$/);
    assert.deepEqual(await viaRouter(app), { status: 200, body: "hello from docker v3\n" });
  });

  test("draining a host moves its processes to the others, failing no request", async () => {
    const drained = hosts.hosts[2]!;
    const load = loadClient(app, { maxRequests: 20_000 });
    const res = await api("PATCH", `/api/v1/hosts/${drained.name}`, { drain: true });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const moved = await waitFor("the drained host's process to move", async () => {
      const list = await processes(app);
      return list.length === 3 && list.every((p) => p.state === "up" && p.host !== drained.name) ? list : undefined;
    }, 90_000);
    const { total, failures } = await load.stop();
    console.log(`# figure: drain under load: ${total} requests, ${failures.length} failed`);
    assert.deepEqual(failures, []);
    assert.equal(Object.keys(perHost(moved)).length, 2);
    assert.equal((await api("PATCH", `/api/v1/hosts/${drained.name}`, { drain: false })).status, 200);
  });

  test("a host whose engine dies: its process comes back on the others, failing no request, and nothing runs twice when it returns", async () => {
    await scale(app, 3);
    // After the undrain, the spread puts the third on the empty host again only on a change: restart.
    // Once in a CI rehearsal the restart right after the undrain left the undrained host empty (its
    // cause is not found yet: the scheduler's node list is cached for only 1 s); a restart that did
    // not spread is asked again, at most every 30 s.
    await api("DELETE", `/api/v1/apps/${app}/processes`);
    let last: Process[] = [];
    let restartedAt = Date.now();
    const spread = await waitFor("one web process per host", async () => {
      const list = (last = await processes(app));
      const allUp = list.every((p) => p.state === "up");
      if (allUp && list.length === 3 && Object.keys(perHost(list)).length === 3) return list;
      if (allUp && Date.now() - restartedAt > 30_000) {
        restartedAt = Date.now();
        await api("DELETE", `/api/v1/apps/${app}/processes`);
      }
      return undefined;
    }, 120_000).catch(async (err: Error) => {
      const hostsNow = (await api("GET", "/api/v1/hosts")).body as Array<{ name: string; state: string; reserved: unknown }>;
      throw new Error(`${err.message}: processes ${JSON.stringify(last)}; hosts ${JSON.stringify(hostsNow)}`);
    });
    const victim = hosts.hosts.find((h) => h.role !== "manager" && spread.some((p) => p.host === h.name))!;
    const load = loadClient(app, { maxRequests: 20_000 });
    const killed = Date.now();
    process.kill(victim.pid, "SIGKILL");
    try {
      const back = await waitFor("3 web processes on the other hosts", async () => {
        const list = await processes(app);
        return list.length === 3 && list.every((p) => p.state === "up" && p.host !== victim.name) ? list : undefined;
      }, 60_000);
      const recovered = (Date.now() - killed) / 1000;
      await new Promise((r) => setTimeout(r, 1000));
      const { total, failures } = await load.stop();
      console.log(`# figure: host killed under load: back on 2 hosts in ${recovered.toFixed(1)} s; ${total} requests, ${failures.length} failed`);
      assert.deepEqual(failures, []);
      assert.equal(back.length, 3);
    } finally {
      await testHostsScript(["up", String(hosts.hosts.length)]);
    }
    // Back: what it still ran has no row, and the sweep removes it.
    const restarted = readHostsFile(hosts.file).hosts.find((h) => h.name === victim.name)!;
    await waitFor(`${victim.name} to run none of ${app}'s containers`, async () => ((await docker(restarted, ["ps", "-aq", "--filter", "label=berth.app=" + app])) === "" ? true : undefined), 60_000);
    assert.equal((await processes(app)).length, 3);
  });

  test("deleting the app removes its containers and images on every host, and its tags in the registry", async () => {
    const repository = await imageRepoOf(app);
    assert.equal((await api("DELETE", `/api/v1/apps/${app}`)).status, 204);
    for (const h of hosts.hosts) {
      assert.equal(await docker(h, ["ps", "-aq", "--filter", `label=berth.app=${app}`]), "", `no container of ${app} on ${h.name}`);
      const images = await docker(h, ["images", "--format", "{{.Repository}}:{{.Tag}}"]);
      assert.ok(!images.includes(repository), `no image of ${app} on ${h.name}:\n${images}`);
    }
    const tags = await fetch(`http://${hosts.registry}/v2/${repository}/tags/list`).then((r) => r.json() as Promise<{ tags?: string[] | null }>);
    assert.deepEqual(tags.tags ?? [], [], "no tag of the app left in the registry");
  });
});
