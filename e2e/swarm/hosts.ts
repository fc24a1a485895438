// Helpers for tests on the multi-host test hosts (scripts/test-hosts.sh): bring a set up or down,
// read its hosts file, run the docker CLI against one host's engine.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SCRIPT = path.join(ROOT, "scripts", "test-hosts.sh");

export type TestHost = { n: number; name: string; address: string; dockerHost: string; role: string; nodeId: string; pid: number };
export type TestHosts = { file: string; registry: string; registryPid: number; bridge: string; manager: TestHost; hosts: TestHost[] };

/** Where `up` writes set SET's hosts file. */
export const hostsFileOf = (set: number) => `/var/lib/berth-test-hosts/s${set}/hosts.env`;

/** Runs scripts/test-hosts.sh with ARGS for SET (the caller's process holds what `up` makes). */
export async function testHostsScript(args: string[], opts: { set?: number; images?: string; holder?: number; timeoutMs?: number } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, BERTH_TEST_HOSTS_SET: String(opts.set ?? 0), BERTH_TEST_HOSTS_HOLDER: String(opts.holder ?? process.pid) };
  if (opts.images !== undefined) env.BERTH_TEST_HOSTS_IMAGES = opts.images;
  else delete env.BERTH_TEST_HOSTS_IMAGES;
  const started = Date.now();
  const { stdout, stderr } = await run("bash", [SCRIPT, ...args], { env, timeout: opts.timeoutMs ?? 600_000, maxBuffer: 16 << 20 });
  return { stdout, stderr, ms: Date.now() - started };
}

/** Parses a hosts file written by `test-hosts.sh up`. */
export function readHostsFile(file: string): TestHosts {
  const vars = new Map<string, string>();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) vars.set(m[1], m[2]);
  }
  const get = (key: string) => {
    const value = vars.get(key);
    if (value === undefined) throw new Error(`${file} has no ${key}`);
    return value;
  };
  const hosts: TestHost[] = [];
  for (let n = 1; n <= Number(get("BERTH_TEST_HOSTS_COUNT")); n++) {
    const at = (key: string) => get(`BERTH_TEST_HOST_${n}_${key}`);
    hosts.push({ n, name: at("NAME"), address: at("ADDRESS"), dockerHost: at("DOCKER_HOST"), role: at("ROLE"), nodeId: at("NODE_ID"), pid: Number(at("PID")) });
  }
  return { file, registry: get("BERTH_TEST_HOSTS_REGISTRY"), registryPid: Number(get("BERTH_TEST_HOSTS_REGISTRY_PID")), bridge: get("BERTH_TEST_HOSTS_BRIDGE"), manager: hosts[0], hosts };
}

/** The docker CLI against HOST's engine; rejects with its stderr. */
export async function docker(host: TestHost, args: string[], timeoutMs = 60_000): Promise<string> {
  try {
    const { stdout } = await run("docker", ["-H", host.dockerHost, ...args], { timeout: timeoutMs, maxBuffer: 16 << 20, env: { ...process.env, DOCKER_BUILDKIT: "0" } });
    return stdout.trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`docker ${args.join(" ")} on ${host.name}: ${e.stderr?.trim() || e.message}`);
  }
}

/** Polls CHECK every 250 ms until it returns a value, for at most MS. */
export async function waitUntil<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

/** What `up` must leave as it found it on SET: engines, registry, namespaces, swarm, its one FORWARD rule. */
export async function snapshot(hosts: TestHosts, set: number) {
  const file = fs.readFileSync(hosts.file, "utf8");
  const namespaces = hosts.hosts.map((h) => fs.statSync(`/var/run/netns/${h.name}`).ino);
  const cluster = await docker(hosts.manager, ["info", "-f", "{{.Swarm.Cluster.ID}} {{.Swarm.Cluster.Version.Index}}"]);
  const nodes = await docker(hosts.manager, ["node", "ls", "--format", "{{.ID}} {{.Hostname}} {{.Status}} {{.ManagerStatus}}"]);
  const { stdout: rules } = await run("iptables", ["-w", "5", "-S", "FORWARD"]);
  const ours = rules.split("\n").filter((l) => new RegExp(`--comment "?berth-test-hosts:s${set}"? `).test(l));
  return { file, namespaces, cluster, nodes, ours };
}
