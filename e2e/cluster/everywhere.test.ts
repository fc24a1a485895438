// What works on one host works on every host of the swarm: an add-on pinned to one host serves an
// app's processes on all three by the same alias and REDIS_URL, and no other app reaches it;
// logs come from every host with no line lost or doubled; metrics and one-off commands too.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { api, BASE, commitAll, createApp, git, push, runCommand, sampleRepo, token, viaRouter, waitFor } from "../support/berth.ts";
import { docker, readHostsFile, type TestHost, type TestHosts } from "../swarm/hosts.ts";

interface Process {
  name: string;
  type: string;
  state: string;
  host: string;
}

/** Where the router reaches an app's web processes: each one's host address and published port. */
async function publishedPorts(app: string): Promise<Array<[string, number]>> {
  const targets: Array<[string, number]> = [];
  for (const h of readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? "/var/lib/berth-test-hosts/s0/hosts.env").hosts) {
    for (const id of await webContainersOn(h, app)) {
      // One port, listed for IPv4 and IPv6.
      for (const port of new Set((await docker(h, ["port", id])).split("\n").filter(Boolean).map((line) => Number(line.split(":").pop())))) targets.push([h.address, port]);
    }
  }
  return targets;
}

/** A Python script that tries each (host, port) and prints `reached` or `blocked` for it. */
const connectProbe = (targets: Array<[string, number]>) =>
  [
    "import socket",
    `for host, port in ${JSON.stringify(targets)}:`,
    "    try:",
    "        socket.create_connection((host, port), timeout=3).close()",
    "        print('reached', host, port)",
    "    except OSError as e:",
    "        print('blocked', host, port, type(e).__name__)",
  ].join("\n");

const webContainersOn = async (host: TestHost, app: string) =>
  (await docker(host, ["ps", "-q", "--filter", `label=berth.app=${app}`, "--filter", "label=berth.process=web"])).split("\n").filter(Boolean);

const webProcesses = async (app: string) => ((await api("GET", `/api/v1/apps/${app}/processes`)).body as Process[]).filter((p) => p.type === "web");

async function deployAcrossHosts(app: string, sample: string, config: Record<string, string> = {}) {
  if (Object.keys(config).length) assert.equal((await api("PATCH", `/api/v1/apps/${app}/config-vars`, config)).status, 200);
  const repo = await sampleRepo(sample);
  try {
    // A config change right before may still be releasing: a push then waits for it, or is told to retry.
    const pushed = await waitFor(`${app} to take a push`, async () => {
      const r = await push(repo, app);
      return r.output.includes("another deploy of") ? undefined : r;
    }, 120_000);
    assert.equal(pushed.code, 0, pushed.output);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
  assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 3 })).status, 200);
  return waitFor(`${app}'s web on three hosts`, async () => {
    const list = await webProcesses(app);
    return list.length === 3 && list.every((p) => p.state === "up") && new Set(list.map((p) => p.host)).size === 3 ? list : undefined;
  }, 180_000);
}


describe("every host", { concurrency: false }, () => {
  let hosts: TestHosts;
  let withAddon: string;
  let ticker: string;
  let addon: { name: string; host: string };

  before(async () => {
    hosts = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? "/var/lib/berth-test-hosts/s0/hosts.env");
    withAddon = await createApp("clad");
    ticker = await createApp("cltick");
  });
  after(async () => {
    for (const app of [withAddon, ticker]) await api("DELETE", `/api/v1/apps/${app}`);
    if (addon) await api("DELETE", `/api/v1/addons/${addon.name}`, { confirm: addon.name });
  });

  test("a Redis with two replicas: one container per host; it serves the app's processes on all three by the same URLs", async () => {
    const created = await api("POST", `/api/v1/apps/${withAddon}/addons`, { service: "redis", options: { replicas: 2 } });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    await waitFor("the add-on to be available", async () => ((await api("GET", `/api/v1/addons/${created.body.name}`)).body.state === "available" ? true : undefined), 180_000);
    const roles = new Map<string, string>();
    for (const h of hosts.hosts) {
      for (const role of (await docker(h, ["ps", "--filter", `label=berth.addon=${created.body.name}`, "--format", '{{.Label "berth.process"}}'])).split("\n").filter(Boolean)) roles.set(role, h.name);
    }
    assert.deepEqual([...roles.keys()].sort(), ["primary", "replica-1", "replica-2"]);
    assert.equal(new Set(roles.values()).size, 3, `the primary and its replicas on three hosts: ${JSON.stringify([...roles])}`);
    addon = { name: created.body.name, host: roles.get("primary")! };
    const web = await deployAcrossHosts(withAddon, "addons-sample");
    assert.ok(web.some((p) => p.host !== addon.host), "some processes run on other hosts than the add-on's");
    // Round-robin over three servers: nine requests reach each process thrice.
    for (let i = 0; i < 9; i++) {
      const res = await viaRouter(withAddon, `/check?value=v${i}`);
      assert.equal(res.status, 200, res.body);
      assert.equal(JSON.parse(res.body).redis, true, res.body);
      assert.deepEqual(JSON.parse(res.body).replicas, [true, true], `both replicas, on their hosts, see the write: ${res.body}`);
    }
  });

  test("another app's processes cannot reach that add-on, by its alias or its address", async () => {
    await deployAcrossHosts(ticker, "log-ticker", { TICK_MS: "200" });
    const host = hosts.hosts.find((h) => h.name === addon.host)!;
    const address = (await docker(host, ["ps", "-q", "--filter", `label=berth.addon=${addon.name}`]).then((id) => docker(host, ["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", id.split("\n")[0]!]))).trim().split(" ");
    const probe = [
      "import socket",
      `for target in ${JSON.stringify([addon.name, ...address])}:`,
      "    try:",
      "        socket.create_connection((target, 6379), timeout=3).close()",
      "        print('reached', target)",
      "    except OSError as e:",
      "        print('blocked', target, type(e).__name__)",
    ].join("\n");
    // base64: the command line goes through a shell, which would take the script's newlines and quotes.
    const { output, exitCode } = await runCommand(ticker, `python3 -c "import base64; exec(base64.b64decode('${Buffer.from(probe).toString("base64")}'))"`);
    assert.equal(exitCode, 0, output);
    assert.doesNotMatch(output, /reached/, output);
    assert.equal(output.match(/blocked/g)?.length, 1 + address.length, output);
  });

  test("another app's processes cannot reach this app's web processes by the ports they publish for the router, on any host, nor Berth's API and registry; the router still does", async () => {
    const published = await publishedPorts(withAddon);
    assert.equal(published.length, 3, `three published ports: ${JSON.stringify(published)}`);
    // Berth's machine, as the nodes reach it: the registry (every app's images) and Berth's API listen there, and the router.
    const [berthMachine, registryPort] = hosts.registry.split(":") as [string, string];
    const targets: Array<[string, number]> = [...published, [berthMachine, Number(registryPort)], [berthMachine, Number(process.env.BERTH_PORT)]];
    const probe = `${connectProbe(targets)}\n${connectProbe([[berthMachine, Number(process.env.BERTH_ROUTER_PORT)]]).replace(/'reached'/, "'router reached'")}`;
    // From ticker's one-off, wherever it is placed, and from its web processes on all three hosts.
    const oneOff = await runCommand(ticker, `python3 -c "import base64; exec(base64.b64decode('${Buffer.from(probe).toString("base64")}'))"`);
    assert.equal(oneOff.exitCode, 0, oneOff.output);
    assert.doesNotMatch(oneOff.output, /^reached/m, oneOff.output);
    assert.equal(oneOff.output.match(/blocked/g)?.length, targets.length, oneOff.output);
    assert.match(oneOff.output, /router reached/, `apps still reach each other through the router: ${oneOff.output}`);
    for (const h of hosts.hosts) {
      for (const id of await webContainersOn(h, ticker)) {
        const out = await docker(h, ["exec", id, "python3", "-c", probe]);
        assert.doesNotMatch(out, /^reached/m, `from ${h.name}: ${out}`);
        assert.match(out, /router reached/, `from ${h.name}: ${out}`);
      }
    }
    for (let i = 0; i < 6; i++) assert.equal((await viaRouter(withAddon, "/")).status, 200);
  });

  test("a build cannot reach the hosts of the swarm (not their published ports, not Berth's agent) nor the registry", async () => {
    const agentPort = Number(process.env.BERTH_AGENT_PORT);
    assert.ok(agentPort > 0, "the test instance names its agent port");
    const [registry, registryPort] = hosts.registry.split(":") as [string, string];
    const targets: Array<[string, number]> = [...(await publishedPorts(withAddon)), ...hosts.hosts.map((h) => [h.address, agentPort] as [string, number]), [registry, Number(registryPort)]];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-build-probe-"));
    const app = await createApp("clbuild");
    try {
      // A new file each run: the builder's cache would skip the probe.
      fs.writeFileSync(path.join(dir, "probe.py"), `# ${Date.now()}\n${connectProbe(targets)}`);
      // Only the build matters here: what it runs afterwards exits, and that release fails.
      fs.writeFileSync(path.join(dir, "Dockerfile"), ["FROM berth/runner:latest", "COPY probe.py /app/", "RUN python3 /app/probe.py", 'CMD ["true"]', ""].join("\n"));
      await git(dir, "init", "-q", "-b", "main");
      await commitAll(dir, "probe");
      const pushed = await push(dir, app);
      assert.match(pushed.output, /Build succeeded/, pushed.output);
      assert.doesNotMatch(pushed.output, /reached/, pushed.output);
      assert.equal(pushed.output.match(/blocked/g)?.length, targets.length, pushed.output);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });

  test("logs arrive from the processes on every host, none lost or doubled", async () => {
    const res = await fetch(`${BASE}/api/v1/apps/${ticker}/log-stream?lines=1500`, { headers: { authorization: `Bearer ${await token()}`, accept: "text/plain" } });
    assert.equal(res.status, 200);
    const ticks = new Map<string, number[]>();
    for (const line of (await res.text()).split("\n")) {
      const m = / tick (web\.\d) (\d+) /.exec(line);
      if (m) ticks.set(m[1]!, [...(ticks.get(m[1]!) ?? []), Number(m[2])]);
    }
    assert.deepEqual([...ticks.keys()].sort(), ["web.1", "web.2", "web.3"], "lines from the three processes (one per host)");
    for (const [dyno, numbers] of ticks) {
      const since = numbers.indexOf(Math.min(...numbers));
      const seq = numbers.slice(since);
      // Each container counts from 1; a line lost or doubled breaks the run of consecutive numbers.
      assert.deepEqual(seq, seq.map((_, i) => seq[0]! + i), `${dyno}: ${seq.join(",")}`);
    }
  });

  test("metrics are sampled for the processes on every host", async () => {
    const sample = await waitFor("a metrics sample of all three processes", async () => {
      const samples = (await api("GET", `/api/v1/apps/${ticker}/metrics?since=2m`)).body.samples as Array<{ processes: Array<{ name: string; memoryBytes: number }> }>;
      const last = samples.at(-1);
      return last && last.processes.filter((p) => p.name.startsWith("web.") && p.memoryBytes > 0).length === 3 ? last : undefined;
    }, 60_000);
    assert.equal(sample.processes.filter((p) => p.name.startsWith("web.")).length, 3);
  });

  test("a one-off command runs on a host of the swarm with the app's config", async () => {
    const { output, exitCode } = await runCommand(ticker, "echo tick-ms=$TICK_MS dyno=$DYNO");
    assert.equal(exitCode, 0, output);
    assert.match(output, /^tick-ms=200 dyno=run\.[0-9a-f]{6}$/m);
  });
});
