// scripts/test-hosts.sh on a set of its own (set 1, two hosts, no images), so the shared hosts
// other tests use are never disturbed: `up` twice changes nothing and is fast, `up` repairs a
// half-made set, `down` waits for other holders and then removes everything `up` made.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { docker, hostsFileOf, readHostsFile, snapshot, testHostsScript, waitUntil, type TestHosts } from "./hosts.ts";

const run = promisify(execFile);
const SET = 1;
const opts = { set: SET, images: "" };
const up = () => testHostsScript(["up", "2"], opts);

/** Processes whose command line names TEXT (the set's own folders). */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmdline.includes(text)) found.push(`${pid} ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Connects to ADDRESS:PORT from the machine (through the test bridge), within 3 s. */
const connects = (address: string, port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect({ host: address, port, timeout: 3000 }, () => { socket.destroy(); resolve(true); });
  socket.on("error", () => resolve(false)).on("timeout", () => { socket.destroy(); resolve(false); });
});

const readyNodes = async (set: TestHosts) =>
  (await docker(set.manager, ["node", "ls", "--format", "{{.Hostname}} {{.Status}}"])).split("\n").map((l) => l.trim()).sort();

describe("test-hosts.sh up and down on a set of its own", { concurrency: false }, () => {
  let set: TestHosts;
  let cold: number;

  before(async () => {
    await testHostsScript(["down", "--force"], opts); // whatever an interrupted run left
    cold = (await up()).ms;
    set = readHostsFile(hostsFileOf(SET));
  });
  after(async () => {
    await testHostsScript(["down", "--force"], opts);
  });

  test("up again changes nothing and takes a fraction of the first up", async () => {
    const first = await snapshot(set, SET);
    const again = await up();
    assert.deepEqual(await snapshot(set, SET), first);
    assert.deepEqual(await readyNodes(set), ["berth-th1-1 Ready", "berth-th1-2 Ready"]);
    console.log(`# set ${SET}, 2 hosts: first up ${cold} ms, again ${again.ms} ms`);
    // Fast because it does nothing but ask: no engine started, no swarm formed or joined, no image
    // loaded. Timings only as a ratio in one run (the machine is shared): measured 1.9-3.4× faster
    // on a busy 2-core machine (0.7-1.4 s against 2-3 s).
    assert.doesNotMatch(again.stderr, /starting|initialising|joining|loading|restarting|removing/);
    assert.ok(again.ms < cold, `again ${again.ms} ms, first ${cold} ms`);
  });

  test("up repairs a half-made set: a killed engine and a deleted veth come back in the same swarm", async () => {
    const [host1, host2] = set.hosts;
    const cluster = await docker(host1, ["info", "-f", "{{.Swarm.Cluster.ID}}"]);
    // 7946: the swarm's gossip port, which every node listens on at its own address
    assert.equal(await connects(host2.address, 7946), true, "host 2 is reachable before");
    process.kill(host2.pid, "SIGKILL");
    await run("ip", ["link", "del", "bth1h2"]);
    assert.equal(await connects(host2.address, 7946), false, "host 2 is cut off");
    await up();
    const repaired = readHostsFile(set.file);
    assert.equal(repaired.hosts[0].pid, host1.pid, "host 1's engine was reused");
    assert.notEqual(repaired.hosts[1].pid, host2.pid, "host 2's engine was started again");
    assert.equal(await docker(host1, ["info", "-f", "{{.Swarm.Cluster.ID}}"]), cluster, "the same swarm");
    assert.equal(await connects(host2.address, 7946), true, "host 2 is reachable again");
    await waitUntil("host 2 back in the swarm", 30_000, async () =>
      (await docker(host2, ["info", "-f", "{{.Swarm.LocalNodeState}} {{.Swarm.Error}}"])) === "active" ? true : undefined);
    assert.deepEqual(await readyNodes(set), ["berth-th1-1 Ready", "berth-th1-2 Ready"]);
    set = repaired;
  });

  test("down leaves the hosts to another holder, then removes everything up made and keeps the data", async () => {
    const holder = spawn("sleep", ["120"], { stdio: "ignore" });
    try {
      await testHostsScript(["up", "2"], { ...opts, holder: holder.pid });
      const kept = await testHostsScript(["down"], opts);
      assert.match(kept.stderr, new RegExp(`still held by process\\(es\\) ${holder.pid}`));
      assert.deepEqual(await readyNodes(set), ["berth-th1-1 Ready", "berth-th1-2 Ready"], "the hosts still run");
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
    await testHostsScript(["down"], opts);

    const { stdout: namespaces } = await run("ip", ["netns", "list"]);
    assert.doesNotMatch(namespaces, /berth-th1-/, "no namespace");
    const { stdout: links } = await run("ip", ["-br", "link"]);
    assert.doesNotMatch(links, /^bth1(br|h\d)/m, "no bridge, no veth");
    const { stdout: rules } = await run("iptables", ["-w", "5", "-S"]);
    assert.doesNotMatch(rules, /berth-test-hosts:s1/, "no iptables rule");
    // (No connection to the set's addresses now: without the bridge they would route off the machine.)
    assert.deepEqual(processesNaming("/berth-test-hosts/s1/"), [], "no dockerd, containerd or registry");
    assert.doesNotMatch(fs.readFileSync("/proc/mounts", "utf8"), /berth-test-hosts\/s1\//, "nothing mounted");
    assert.equal(fs.existsSync("/run/berth-test-hosts/s1"), false, "no sockets or pid files");
    assert.equal(fs.existsSync(set.file), false, "no hosts file");
    assert.equal(fs.existsSync("/var/lib/berth-test-hosts/s1/1/data"), true, "the engines' data is kept for the next run");
  });
});
