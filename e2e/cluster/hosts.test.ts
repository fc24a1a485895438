// The Hosts API with the swarm scheduler, on the shared test hosts (scripts/with-swarm-instance.sh):
// the three nodes are listed ready with their capacity; the join command is the swarm's own;
// drain and undrain, labels added and removed reach the nodes (checked on the manager's engine);
// draining the last ready host, removing the manager or a node still up, unknown hosts and bad
// bodies are refused and change nothing. Other tests share this swarm: every change is undone at
// once, and again in `after`. No node is removed.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api } from "../support/berth.ts";
import { docker, readHostsFile, type TestHost, type TestHosts } from "../swarm/hosts.ts";

interface HostView {
  name: string;
  address: string;
  role: string;
  leader: boolean;
  state: string;
  endpointKnown: boolean;
  availability: string;
  cpus: number;
  memoryBytes: number;
  reserved: { cpus: number; memoryBytes: number };
  containers: number;
  labels: Record<string, string>;
}

const hosts: TestHosts = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? "/var/lib/berth-test-hosts/s0/hosts.env");
const [one, two, three] = hosts.hosts as [TestHost, TestHost, TestHost];
const LABEL = `zone-${process.pid}`;

async function list(): Promise<HostView[]> {
  const res = await api("GET", "/api/v1/hosts");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as HostView[];
}
const byName = async (name: string) => (await list()).find((h) => h.name === name)!;
const patch = (name: string, body: unknown) => api("PATCH", `/api/v1/hosts/${name}`, body);

/** What the manager says of a node: its availability and labels. */
async function node(host: TestHost): Promise<{ availability: string; labels: Record<string, string> }> {
  const spec = JSON.parse(await docker(hosts.manager, ["node", "inspect", host.nodeId, "--format", "{{json .Spec}}"])) as { Availability: string; Labels: Record<string, string> | null };
  return { availability: spec.Availability, labels: spec.Labels ?? {} };
}

/** Puts every test host back as the other tests expect it: active, without this file's label nor Berth's drain mark. */
async function restore() {
  for (const host of hosts.hosts) {
    await docker(hosts.manager, ["node", "update", "--availability", "active", host.nodeId]);
    // A label the node does not have is refused: each on its own.
    for (const label of [LABEL, "berth.drain"]) await docker(hosts.manager, ["node", "update", "--label-rm", label, host.nodeId]).catch(() => undefined);
  }
}

describe("hosts with the swarm scheduler", { concurrency: false }, () => {
  before(async () => {
    for (const host of hosts.hosts) assert.equal((await node(host)).availability, "active", `${host.name} is active before the test`);
  });
  after(restore);

  test("GET /hosts: the three nodes, ready, with capacity, role and address; no endpoint shown", async () => {
    const listed = await list();
    for (const host of hosts.hosts) {
      const h = listed.find((x) => x.name === host.name);
      assert.ok(h, `${host.name} is listed: ${JSON.stringify(listed.map((x) => x.name))}`);
      assert.equal(h.state, "ready");
      assert.equal(h.address, host.address);
      assert.equal(h.role, host.role);
      assert.equal(h.leader, host.role === "manager");
      assert.equal(h.endpointKnown, true, "BERTH_SWARM_ENDPOINTS names every test host");
      assert.equal(h.availability, "active");
      assert.ok(h.cpus >= 1, `cpus ${h.cpus}`);
      assert.ok(h.memoryBytes > 512 * 1024 * 1024, `memory ${h.memoryBytes}`);
      assert.equal(h.labels["berth.test-host"], String(host.n), "the node's labels are shown");
      assert.equal(typeof h.reserved.memoryBytes, "number");
    }
    assert.doesNotMatch(JSON.stringify(listed), /unix:|docker\.sock|tcp:\/\//);
  });

  test("the join command is the swarm's worker token and the manager's address", async () => {
    const res = await api("POST", "/api/v1/hosts/join-command");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const token = await docker(hosts.manager, ["swarm", "join-token", "-q", "worker"]);
    assert.match(res.body.command, /^docker swarm join --token SWMTKN-[A-Za-z0-9-]+ 10\.77\.0\.11:2377$/);
    assert.equal(res.body.command, `docker swarm join --token ${token} ${one.address}:2377`);
    assert.match(res.body.note, /never stores or logs it/);
  });

  test("drain a host: draining in GET, marked on the node, which stays active for Berth's agent; undrain: ready and active", async () => {
    try {
      const drained = await patch(three.name, { drain: true });
      assert.equal(drained.status, 200, JSON.stringify(drained.body));
      assert.equal(drained.body.state, "draining");
      assert.equal((await byName(three.name)).state, "draining");
      assert.deepEqual(await node(three), { availability: "active", labels: { ...(await node(three)).labels, "berth.drain": "true" } });
      // The agent's task stays on it: Berth still reaches its engine to move containers off.
      const tasks = await docker(hosts.manager, ["service", "ps", "--filter", "desired-state=running", "--format", "{{.Node}}", `${process.env.BERTH_INSTANCE}-agent`]);
      assert.ok(tasks.split("\n").includes(three.name), `an agent task runs on ${three.name}: ${tasks}`);
      const undrained = await patch(three.name, { drain: false });
      assert.equal(undrained.status, 200, JSON.stringify(undrained.body));
      assert.equal(undrained.body.state, "ready");
      assert.equal((await byName(three.name)).state, "ready");
      assert.equal((await node(three)).availability, "active");
      assert.equal((await node(three)).labels["berth.drain"], undefined);
    } finally {
      await restore();
    }
  });

  test("labels are added and removed on the node; Berth's own are kept", async () => {
    try {
      const added = await patch(two.name, { labels: { [LABEL]: "eu-1" } });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(added.body.labels[LABEL], "eu-1");
      assert.deepEqual((await node(two)).labels, { "berth.test-host": "2", [LABEL]: "eu-1" });
      const removed = await patch(two.name, { labels: { [LABEL]: null } });
      assert.equal(removed.status, 200, JSON.stringify(removed.body));
      assert.equal(removed.body.labels[LABEL], undefined);
      assert.deepEqual((await node(two)).labels, { "berth.test-host": "2" });
    } finally {
      await restore();
    }
  });

  test("draining every host: the last ready one is refused, and stays active", async () => {
    try {
      assert.equal((await patch(three.name, { drain: true })).status, 200);
      assert.equal((await patch(two.name, { drain: true })).status, 200);
      const last = await patch(one.name, { drain: true });
      assert.equal(last.status, 409, JSON.stringify(last.body));
      assert.match(last.body.message, new RegExp(`${one.name} is the last ready host`));
      assert.equal((await node(one)).availability, "active");
      assert.equal((await byName(one.name)).state, "ready");
      // Undraining and labelling the last ready host are still allowed.
      assert.equal((await patch(one.name, { drain: false })).status, 200);
    } finally {
      await restore();
    }
    assert.deepEqual((await list()).filter((h) => hosts.hosts.some((t) => t.name === h.name)).map((h) => h.state), ["ready", "ready", "ready"]);
  });

  test("removing the manager, or a node still up, is refused and removes nothing", async () => {
    const manager = await api("DELETE", `/api/v1/hosts/${one.name}`);
    assert.equal(manager.status, 409, JSON.stringify(manager.body));
    assert.match(manager.body.message, /swarm manager Berth manages the hosts through/);
    const up = await api("DELETE", `/api/v1/hosts/${three.name}`);
    assert.equal(up.status, 409, JSON.stringify(up.body));
    assert.match(up.body.message, /still up in the swarm: run `docker swarm leave` on it/);
    const nodes = await docker(hosts.manager, ["node", "ls", "--format", "{{.Hostname}}"]);
    for (const host of hosts.hosts) assert.match(nodes, new RegExp(`^${host.name}$`, "m"));
    assert.equal((await list()).filter((h) => hosts.hosts.some((t) => t.name === h.name)).length, 3);
  });

  test("unknown hosts are 404; bad bodies are 422 and change nothing", async () => {
    assert.equal((await patch("berth-th0-99", { drain: true })).status, 404);
    assert.equal((await api("DELETE", "/api/v1/hosts/berth-th0-99")).status, 404);
    const bad: Array<[unknown, RegExp]> = [
      [{}, /nothing to change/],
      [{ drain: 1 }, /drain is true/],
      [{ drain: true, availability: "drain" }, /^"availability" is not a field Berth knows here$/],
      [{ labels: { "berth.test-host": null } }, /Berth's own/],
      [{ labels: { "-x": "1" } }, /label key/],
      [{ labels: { [LABEL]: "a\u0000b" } }, /printable/],
      [{ drain: true, labels: { "berth.pin": "x" } }, /Berth's own/],
    ];
    for (const [body, message] of bad) {
      const res = await patch(three.name, body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, message);
    }
    assert.deepEqual(await node(three), { availability: "active", labels: { "berth.test-host": "3" } });
  });
});
