// The multi-host harness (scripts/test-hosts.sh, issue 14), proven on the hosts the other tests
// share: three engines in network namespaces form one swarm, a registry carries images between
// them, host-mode published ports answer on each node's address, an overlay network crosses nodes,
// and `up` on running hosts changes nothing. No Berth instance is needed. Run alone, this file
// brings the hosts up itself and down afterwards; under `npm test` they stay for the run.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { docker, hostsFileOf, readHostsFile, snapshot, testHostsScript, waitUntil, type TestHosts } from "./hosts.ts";

const run = promisify(execFile);
const unique = randomBytes(4).toString("hex");

// A tiny server that names the node it runs on (NODE, from the service's template), or a client
// that fetches a URL once: built on host 1 from berth/runner, which `up` loads onto every host.
const PROBE = `import http.server, os, signal, socket, sys, urllib.request
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # as PID 1 it would ignore a stop
if sys.argv[1:2] == ["fetch"]:
    print(urllib.request.urlopen(sys.argv[2], timeout=10).read().decode())
    sys.exit(0)
if sys.argv[1:2] == ["hello"]:
    print("hello from " + socket.gethostname())
    sys.exit(0)
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = os.environ.get("NODE", "?").encode()
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("", 5000), Handler).serve_forever()
`;

/** Removes service NAME and waits until its containers are gone from every host (they hold its image). */
async function removeService(set: TestHosts, name: string) {
  await docker(set.manager, ["service", "rm", name]);
  await waitUntil(`${name}'s containers to go`, 30_000, async () => {
    for (const host of set.hosts) {
      if (await docker(host, ["ps", "-aq", "--filter", `label=com.docker.swarm.service.name=${name}`])) return undefined;
    }
    return true;
  });
}

describe("the shared test hosts: a swarm of three engines in network namespaces, with a registry", { concurrency: false }, () => {
  let set: TestHosts;
  let image: string;
  const made: Array<() => Promise<unknown>> = [];

  before(async () => {
    await testHostsScript(["up", "3"], { timeoutMs: 900_000 });
    set = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? hostsFileOf(0));
    // The probe image, built on host 1 and pushed to the registry; no other host has it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-probe-"));
    try {
      fs.writeFileSync(path.join(dir, "probe.py"), PROBE);
      fs.writeFileSync(path.join(dir, "Dockerfile"), `FROM berth/runner:latest\nCOPY probe.py /probe.py\nENTRYPOINT ["python3", "/probe.py"]\n`);
      image = `${set.registry}/berth-test/probe:${unique}`;
      await docker(set.manager, ["build", "-q", "-t", image, dir], 180_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    made.push(async () => {
      for (const host of set.hosts) await docker(host, ["rmi", "-f", image]).catch(() => undefined);
      // The tag's manifest out of the registry (its layers are berth/runner's, shared by every run)
      const url = `http://${set.registry}/v2/berth-test/probe/manifests/${unique}`;
      const accept = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
      const head = await fetch(url, { method: "HEAD", headers: accept, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      const digest = head?.headers.get("docker-content-digest");
      if (digest) await fetch(url.replace(unique, digest), { method: "DELETE", signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    });
    await docker(set.manager, ["push", image], 180_000);
  });

  after(async () => {
    for (const undo of made.reverse()) await undo().catch(() => undefined);
    // Drops this process's hold: the hosts go only if no one else (npm test) holds them.
    await testHostsScript(["down"]);
  });

  test("three nodes are Ready, host 1 the only manager, and the machine's own engine stays out of swarm mode", async () => {
    assert.equal(set.hosts.length, 3);
    // (Not their availability: tests of later slices may drain a host meanwhile.)
    const nodes = (await docker(set.manager, ["node", "ls", "--format", "{{.ID}} {{.Hostname}} {{.Status}} {{.ManagerStatus}}"])).split("\n").map((l) => l.trim());
    assert.deepEqual(
      nodes.map((l) => l.split(" ").slice(1).join(" ")).sort(),
      ["berth-th0-1 Ready Leader", "berth-th0-2 Ready", "berth-th0-3 Ready"],
    );
    for (const host of set.hosts) {
      const [state, manager, addr] = (await docker(host, ["info", "-f", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}} {{.Swarm.NodeAddr}}"])).split(" ");
      assert.deepEqual([state, manager, addr], ["active", String(host.n === 1), host.address], host.name);
      assert.equal(host.role, host.n === 1 ? "manager" : "worker");
      assert.ok(nodes.some((l) => l.startsWith(`${host.nodeId} `)), `${host.name}'s node id is the manager's`);
    }
    const { stdout } = await run("docker", ["-H", "unix:///var/run/docker.sock", "info", "-f", "{{.Swarm.LocalNodeState}}"]);
    assert.equal(stdout.trim(), "inactive", "the machine's main engine is no swarm node");
  });

  test("an image pushed to the registry from host 1 is pulled and run by hosts that never saw it", async () => {
    for (const host of set.hosts.slice(1)) {
      await assert.rejects(docker(host, ["image", "inspect", image]), /No such image/, `${host.name} has no copy before`);
      const out = await docker(host, ["run", "--rm", "--hostname", `probe-on-${host.name}`, image, "hello"], 120_000);
      assert.equal(out.split("\n").at(-1), `hello from probe-on-${host.name}`);
    }
  });

  test("a service of 3 replicas spreads one task per node, each answering on its own node's address", async () => {
    const name = `probe-web-${unique}`;
    made.push(() => removeService(set, name));
    await docker(set.manager, [
      "service", "create", "--detach", "--name", name, "--replicas", "3", "--replicas-max-per-node", "1",
      "--publish", "mode=host,target=5000", "--env", "NODE={{.Node.Hostname}}", image,
    ]);
    const answers = await Promise.all(set.hosts.map((host) => waitUntil(`${name}'s task on ${host.name}`, 60_000, async () => {
      const ids = (await docker(host, ["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${name}`])).split("\n").filter(Boolean);
      if (ids.length === 0) return undefined;
      assert.equal(ids.length, 1, `one task on ${host.name}`);
      // "0.0.0.0:32768" (and "[::]:32768"): an ephemeral port on the node itself
      const port = /:(\d+)$/m.exec(await docker(host, ["port", ids[0], "5000/tcp"]))?.[1];
      if (!port) return undefined;
      const res = await fetch(`http://${host.address}:${port}/`, { signal: AbortSignal.timeout(3000) });
      return { host: host.name, status: res.status, body: await res.text() };
    })));
    assert.deepEqual(answers, set.hosts.map((h) => ({ host: h.name, status: 200, body: h.name })));
  });

  test("containers on different nodes talk over an attachable overlay network", async () => {
    const net = `probe-net-${unique}`;
    const name = `probe-srv-${unique}`;
    await docker(set.manager, ["network", "create", "--driver", "overlay", "--attachable", net]);
    made.push(() => docker(set.manager, ["network", "rm", net]));
    made.push(() => removeService(set, name));
    // DNS round robin: this kernel has no IPVS, so a service's virtual IP (the default endpoint
    // mode, and the ingress routing mesh) resolves but routes nowhere ("No route to host").
    await docker(set.manager, [
      "service", "create", "--detach", "--name", name, "--network", net, "--endpoint-mode", "dnsrr",
      "--constraint", "node.labels.berth.test-host==2",
      "--env", "NODE={{.Node.Hostname}}", image,
    ]);
    const [host2, host3] = [set.hosts[1], set.hosts[2]];
    await waitUntil(`${name} running on ${host2.name}`, 60_000, async () =>
      (await docker(host2, ["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${name}`])) || undefined);
    // From a container on host 3: the service's name and tasks.<service> (each task's address)
    for (const target of [name, `tasks.${name}`]) {
      const out = await waitUntil(`${target} from ${host3.name}`, 60_000, () =>
        docker(host3, ["run", "--rm", "--network", net, image, "fetch", `http://${target}:5000/`], 60_000));
      assert.equal(out.split("\n").at(-1), host2.name, `${target} answered from host 2`);
    }
  });

  test("up on the running hosts reuses everything and changes nothing", async () => {
    const before = await snapshot(set, 0);
    const again = await testHostsScript(["up", "3"]);
    assert.deepEqual(await snapshot(set, 0), before);
    assert.equal(before.ours.length, 1, "exactly one FORWARD rule of the set");
    for (const host of set.hosts) assert.ok(fs.existsSync(`/proc/${host.pid}`), `${host.name}'s dockerd ${host.pid} runs`);
    assert.ok(fs.existsSync(`/proc/${set.registryPid}`), "the registry runs");
    assert.doesNotMatch(again.stderr, /starting|initialising|joining|loading/, "nothing was started, joined or loaded");
    console.log(`# up on running hosts: ${again.ms} ms`);
  });
});

