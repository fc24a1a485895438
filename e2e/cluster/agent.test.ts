// Berth's agent on every node of the test hosts' swarm (scripts/with-swarm-instance.sh; the
// instance's start runs ensureAgents()): one global service with one running task per node; the
// engine API of each node through its agent over mutual TLS, with the client certificate from the
// instance's data directory; no way in without it, with a self-made one, or with the agents' own
// server certificate (which every node holds); no way for a stranger to pose as an agent; a
// second ensureAgents() changes nothing. Then the real proof, in an instance that is told only
// the manager's engine (BERTH_TEST_SWARM_AGENTS=1): an app scaled to 3 runs one process on each
// host, answers through the router, and its logs arrive — every worker reached through its agent.
// The service is this instance's: scripts/remove-instance.sh removes it with its secrets.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import path from "node:path";
import { promisify } from "node:util";
import { after, describe, test } from "node:test";
import { runtimeFor } from "../../lib/docker/container-runtime.ts";
import { AGENT_SERVER_NAME, agentClientTls, agentServerTls } from "../../lib/swarm/agent-certs.ts";
import { ensureAgents } from "../../lib/swarm/agent-service.ts";
import { api, BASE, createApp, push, sampleRepo, token, viaRouter, waitFor } from "../support/berth.ts";
import { certificateFactory } from "../support/certificates.ts";
import { docker, readHostsFile, ROOT, type TestHost } from "../swarm/hosts.ts";

const run = promisify(execFile);
const hosts = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? "/var/lib/berth-test-hosts/s0/hosts.env");
const SERVICE = `${process.env.BERTH_INSTANCE}-agent`;
const PORT = Number(process.env.BERTH_AGENT_PORT);
/** Whether this instance was told the workers' engines (else it reaches them through the agents only). */
const listed = (process.env.BERTH_SWARM_ENDPOINTS ?? "").split(",").map((p) => p.slice(0, p.indexOf("=")));
const throughAgents = hosts.hosts.every((h) => h.role === "manager" || !listed.includes(h.name));

interface Creds {
  cert?: string;
  key?: string;
}

interface Task {
  ID: string;
  NodeID: string;
  CreatedAt: string;
  Status: { State: string; Timestamp: string };
  DesiredState: string;
}

async function runningTasks(): Promise<Task[]> {
  const ids = (await docker(hosts.manager, ["service", "ps", SERVICE, "-q", "--filter", "desired-state=running"])).split("\n").filter(Boolean);
  return ids.length ? (JSON.parse(await docker(hosts.manager, ["inspect", ...ids])) as Task[]).filter((t) => t.Status.State === "running") : [];
}

/** GET PATH from the agent on HOST's address, trusting only the agents' CA and checking their fixed name. */
function agentGet(host: TestHost, route: string, creds: Creds, agent: https.Agent | false = false): Promise<{ status: number; body: string }> {
  const { ca } = agentClientTls();
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: host.address, port: PORT, path: route, ca, ...creds, servername: AGENT_SERVER_NAME, checkServerIdentity: (_h, c) => tls.checkServerIdentity(AGENT_SERVER_NAME, c), agent, timeout: 5000 },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

/** Asks the engine's version over a raw TLS connection; resolves with what came back and how it ended. */
function rawAttempt(host: TestHost, creds: Creds): Promise<{ data: string; error?: string }> {
  return new Promise((resolve) => {
    let data = "";
    const socket = tls.connect({ host: host.address, port: PORT, ca: agentClientTls().ca, servername: AGENT_SERVER_NAME, ...creds, timeout: 5000 }, () => {
      socket.write("GET /version HTTP/1.1\r\nHost: agent\r\nConnection: close\r\n\r\n");
    });
    socket.on("data", (c: Buffer) => (data += c.toString()));
    socket.on("timeout", () => socket.destroy(new Error("timed out")));
    socket.on("error", (err) => resolve({ data, error: err.message }));
    socket.on("close", () => resolve({ data }));
  });
}

const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;

async function timed(n: number, once: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await once();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

function unixGet(socketPath: string, route: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ socketPath, path: route, agent }, (res) => (res.resume(), res.on("end", () => resolve(res.statusCode ?? 0)))).on("error", reject);
  });
}

describe("Berth's agent on every node", { concurrency: false }, () => {
  const certs = certificateFactory();
  after(() => certs.remove());

  test("one global service, published in host mode on BERTH_AGENT_PORT, with one running task per node", async () => {
    const [service] = JSON.parse(await docker(hosts.manager, ["service", "inspect", SERVICE])) as Array<{ Spec: { Mode: { Global?: object }; EndpointSpec: { Ports: Array<{ PublishedPort: number; PublishMode: string }> } } }>;
    assert.ok(service!.Spec.Mode.Global, "the service is global");
    assert.deepEqual(service!.Spec.EndpointSpec.Ports.map((p) => [p.PublishedPort, p.PublishMode]), [[PORT, "host"]]);
    const tasks = await waitFor("a running agent task on every node", async () => {
      const t = await runningTasks();
      return t.length === hosts.hosts.length ? t : undefined;
    }, 30_000);
    assert.deepEqual(tasks.map((t) => t.NodeID).sort(), hosts.hosts.map((h) => h.nodeId).sort(), "one task on each node");
    const starts = tasks.map((t) => `${hosts.hosts.find((h) => h.nodeId === t.NodeID)!.name} ${((Date.parse(t.Status.Timestamp) - Date.parse(t.CreatedAt)) / 1000).toFixed(1)} s`);
    console.log(`# figure: agent task created → running: ${starts.sort().join(", ")}`);
  });

  test("through each node's agent, with Berth's client certificate, the engine API answers: that node's own engine", async () => {
    const { cert, key } = agentClientTls();
    for (const host of hosts.hosts) {
      const version = await waitFor(`${host.name}'s agent to answer`, () => agentGet(host, "/version", { cert, key }).then((r) => (r.status === 200 ? r : undefined)), 20_000);
      assert.match(JSON.parse(version.body).ApiVersion, /^1\.\d+$/);
      const info = JSON.parse((await agentGet(host, "/info", { cert, key })).body) as { Name: string; Swarm: { NodeID: string } };
      assert.deepEqual([info.Name, info.Swarm.NodeID], [host.name, host.nodeId], `the agent on ${host.address} is a way to ${host.name}'s engine, not another's`);
    }
    // `docker info`, as Berth's runtime asks it
    const worker = hosts.hosts.find((h) => h.role !== "manager")!;
    assert.ok((await runtimeFor({ id: "t", endpoint: `https://${worker.address}:${PORT}` }).info())?.ServerVersion);

    // Round trips: GET /version on a kept-alive connection through the agent and on the engine's socket; and with a new TLS connection each time.
    const keep = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const local = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const viaAgent = await timed(30, () => agentGet(worker, "/version", { cert, key }, keep));
    const viaSocket = await timed(30, () => unixGet(worker.dockerHost.replace("unix://", ""), "/version", local));
    const fresh = await timed(10, () => agentGet(worker, "/version", { cert, key }));
    keep.destroy();
    local.destroy();
    console.log(`# figure: GET /version median: ${viaSocket.toFixed(2)} ms on the unix socket, ${viaAgent.toFixed(2)} ms through the agent (kept-alive TLS, ${(viaAgent / viaSocket).toFixed(1)}×), ${fresh.toFixed(2)} ms with a new TLS connection each time (${(fresh / viaSocket).toFixed(1)}×)`);
  });

  test("the agent refuses a client without a certificate, with a self-made one, or with the agents' own server certificate", async () => {
    const selfMade = await certs.make({ names: ["berth"] });
    const stranger = await certs.make({ names: ["berth (intruder)"], issuer: await certs.make({ names: ["Berth agent CA"], ca: true }) });
    const server = agentServerTls();
    for (const host of hosts.hosts) {
      for (const [what, creds] of [["no certificate", {}], ["a self-made certificate", selfMade], ["a certificate from another CA", stranger], ["the agents' server certificate (every node has it)", { cert: server.cert, key: server.key }]] as Array<[string, Creds]>) {
        const got = await rawAttempt(host, creds);
        assert.doesNotMatch(got.data, /HTTP\/1/, `${host.name} answered a client with ${what}`);
        assert.ok(got.error, `${host.name}: a client with ${what} gets a TLS error (got none, data ${JSON.stringify(got.data)})`);
      }
    }
    // The same raw client with Berth's certificate gets in: the refusals above are the certificates'.
    const { cert, key } = agentClientTls();
    assert.match((await rawAttempt(hosts.hosts[1]!, { cert, key })).data, /^HTTP\/1\.1 200/);
  });

  test("Berth does not take a stranger for an agent: a server with a self-made certificate for the agents' name, or Berth's own client certificate, is refused", async () => {
    const impostor = await certs.make({ names: [AGENT_SERVER_NAME] });
    const client = agentClientTls();
    for (const [what, pem] of [["a self-made certificate", impostor], ["Berth's client certificate", { cert: client.cert, key: client.key }]] as const) {
      const server = https.createServer({ ...pem }, (_req, res) => res.end("{}"));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const port = (server.address() as { port: number }).port;
      try {
        await assert.rejects(runtimeFor({ id: "impostor", endpoint: `https://127.0.0.1:${port}` }).ping(), /certificate|self.signed|purpose/i, `a server with ${what} is not an agent`);
      } finally {
        server.close();
      }
    }
  });

  test("a second ensureAgents() changes nothing: same service version, same tasks", async () => {
    const inspect = async () => (JSON.parse(await docker(hosts.manager, ["service", "inspect", SERVICE])) as Array<{ Version: { Index: number } }>)[0]!.Version.Index;
    const [version, tasks] = [await inspect(), (await runningTasks()).map((t) => t.ID).sort()];
    const started = Date.now();
    const result = await ensureAgents();
    console.log(`# figure: ensureAgents() with nothing to change: ${Date.now() - started} ms`);
    assert.equal(result.outcome, "unchanged");
    assert.equal(await inspect(), version);
    assert.deepEqual((await runningTasks()).map((t) => t.ID).sort(), tasks);
  });

  test("through the agents: an instance told only the manager's engine runs an app scaled to 3 on the three hosts, serves it and gets its logs", async () => {
    if (!throughAgents) {
      // This instance knows every engine's socket: the proof runs in one that knows only the manager's.
      const started = Date.now();
      const child = run("bash", [path.join(ROOT, "scripts", "with-swarm-instance.sh"), "node", "--import", "tsx", "--test", "--test-name-pattern", "through the agents:", "e2e/cluster/agent.test.ts"], {
        cwd: ROOT,
        // NODE_TEST_CONTEXT would make the inner test runner report to this one instead of printing TAP.
        env: { ...process.env, BERTH_TEST_SWARM_AGENTS: "1", NODE_TEST_CONTEXT: undefined },
        timeout: 240_000,
        maxBuffer: 16 << 20,
      });
      const { stdout } = await child.catch((err: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`the instance reaching the workers through agents failed: ${err.message}\n${err.stdout ?? ""}\n${(err.stderr ?? "").slice(-4000)}`);
      });
      for (const line of stdout.split("\n").filter((l) => /# figure|^# (pass|fail)/.test(l.trim()))) console.log(line.trim());
      assert.match(stdout, /^# pass 1$/m, stdout.slice(-3000));
      console.log(`# figure: an instance reaching the workers through agents, started, tested and removed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    await provesThroughAgents();
  });
});

/** The proof itself, in an instance whose BERTH_SWARM_ENDPOINTS names only the manager. */
async function provesThroughAgents() {
  type HostView = { name: string; state: string; endpointKnown: boolean };
  type Process = { name: string; type: string; state: string; host: string };
  const started = Date.now();
  const first = (await api("GET", "/api/v1/hosts")).body as HostView[];
  const ready = await waitFor("every host ready, its engine known", async () => {
    const list = (await api("GET", "/api/v1/hosts")).body as HostView[];
    return hosts.hosts.every((h) => list.some((x) => x.name === h.name && x.state === "ready" && x.endpointKnown)) ? list : undefined;
  }, 30_000);
  console.log(`# figure: hosts at the first look: ${first.map((h) => `${h.name} ${h.state}`).join(", ")}; all ready after ${((Date.now() - started) / 1000).toFixed(1)} s more`);
  assert.equal(ready.length, hosts.hosts.length);

  const app = await createApp("agent");
  const repo = await sampleRepo("log-ticker");
  try {
    const result = await push(repo, app);
    assert.equal(result.code, 0, result.output);
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: 3, size: "small" })).status, 200);
    // One web process on each host, as Berth says and as each engine says on its own socket (which
    // this instance was never told). Waited for together: other runs on the shared hosts may restart an engine.
    const web = await waitFor("one web process up on each host", async () => {
      const list = ((await api("GET", `/api/v1/apps/${app}/processes`)).body as Process[]).filter((p) => p.type === "web");
      if (list.length !== 3 || list.some((p) => p.state !== "up")) return undefined;
      for (const host of hosts.hosts) {
        const ids = await docker(host, ["ps", "-q", "--filter", `label=berth.instance=${process.env.BERTH_INSTANCE}`, "--filter", "label=berth.process=web"]);
        if (ids.split("\n").filter(Boolean).length !== 1) return undefined;
      }
      return list;
    }, 90_000);
    assert.deepEqual(web.map((p) => p.host).sort(), hosts.hosts.map((h) => h.name).sort(), "one web process on each host");
    const bodies = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await viaRouter(app);
      assert.equal(res.status, 200);
      bodies.add(res.body.trim());
    }
    assert.deepEqual([...bodies].sort(), ["ok web.1", "ok web.2", "ok web.3"], "the router reaches all three");
    // The log collector follows each container through its host's agent.
    await waitFor("log lines of web.1, web.2 and web.3", async () => {
      const res = await fetch(`${BASE}/api/v1/apps/${app}/log-stream?lines=300&source=app`, { headers: { authorization: `Bearer ${await token()}`, accept: "text/plain" } });
      const text = await res.text();
      return ["web.1", "web.2", "web.3"].every((p) => text.includes(`app[${p}]: tick ${p} `)) ? true : undefined;
    }, 30_000);
  } finally {
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
