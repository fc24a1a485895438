// Builds run a tenant's code (Dockerfile RUN steps, buildpacks' compile) with the network they
// need to fetch packages. On the engine's default bridge that code also reached the host itself:
// Berth's API, Redis, HAProxy and anything else listening on one of the host's addresses. Builds
// get a bridge network of their own instead, and iptables drops what comes from its bridge to
// the host (INPUT), to link-local addresses such as cloud metadata and, with several hosts, to
// the swarm's nodes (DOCKER-USER): their firewalls let this machine's address, the router's,
// reach published ports, and a build's traffic leaves with it. The way out to the internet stays
// open.
import { execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import { promisify } from "node:util";
import { settings } from "../env.ts";
import { LABEL, objectName } from "./labels.ts";
import { runtimeFor, type HostRef } from "./container-runtime.ts";

const run = promisify(execFile);

export const buildNetworkName = () => objectName("builds");
/** Linux caps interface names at 15 characters: a stable name per instance. */
export const buildBridgeName = () => `bb-${crypto.createHash("sha256").update(settings.instance).digest("hex").slice(0, 12)}`;
/** Where the build bridge's traffic to the swarm's nodes is dropped (several hosts): a chain per instance, refilled as nodes come and go. */
export const buildNodesChain = () => `BB-${crypto.createHash("sha256").update(settings.instance).digest("hex").slice(0, 12)}`;
/** Marks this instance's rules, so removing the instance removes exactly them. */
const ruleComment = () => `berth-builds:${settings.instance}`;

/** The iptables rules (chain and arguments) that isolate the build bridge. Pure, for tests. */
export function isolationRules(bridge: string, comment: string): Array<{ chain: string; args: string[] }> {
  const mark = ["-m", "comment", "--comment", comment];
  return [
    { chain: "INPUT", args: ["-i", bridge, ...mark, "-j", "DROP"] },
    { chain: "DOCKER-USER", args: ["-i", bridge, "-d", "169.254.0.0/16", ...mark, "-j", "DROP"] },
  ];
}

const ready = new Map<string, Promise<string>>();

/** The build network on this host, isolated; made once per process and host. */
export function ensureBuildNetwork(host: HostRef): Promise<string> {
  let promise = ready.get(host.endpoint);
  if (!promise) {
    promise = setUp(host);
    ready.set(host.endpoint, promise);
    promise.catch(() => ready.delete(host.endpoint));
  }
  return promise;
}

async function setUp(host: HostRef): Promise<string> {
  if (!host.endpoint.startsWith("unix:")) {
    // The rules must be made where the engine's bridges are; a remote engine's are out of reach.
    throw new Error(`builds on ${host.endpoint} cannot be isolated from that host: Berth builds only on a local engine`);
  }
  const name = buildNetworkName();
  await runtimeFor(host).ensureNetwork(name, { [LABEL.kind]: "network" }, { bridgeName: buildBridgeName() });
  for (const rule of isolationRules(buildBridgeName(), ruleComment())) {
    try {
      await run("iptables", ["-w", "5", "-C", rule.chain, ...rule.args]);
    } catch {
      try {
        await run("iptables", ["-w", "5", "-I", rule.chain, "1", ...rule.args]);
      } catch (err) {
        // Fail closed: a build that could reach the host must not run.
        throw new Error(`the build network could not be isolated from the host (iptables: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message})`);
      }
    }
  }
  return name;
}

/**
 * The nodes' firewalls let the router's address reach published ports, and a build's traffic
 * leaves this machine with that address: builds reach no node at all. Pure, for tests.
 */
export function buildNodesRules(chain: string, nodeAddresses: string[]): string {
  for (const a of nodeAddresses) if (!net.isIPv4(a)) throw new Error(`not an IPv4 node address: ${JSON.stringify(a)}`);
  return ["*filter", `:${chain} - [0:0]`, ...[...new Set(nodeAddresses)].sort().map((a) => `-A ${chain} -d ${a}/32 -j DROP`), "COMMIT", ""].join("\n");
}

let nodesSet = "";

/** Keeps the build bridge away from these node addresses (the engine builds run on is local). */
export async function keepBuildsFromNodes(nodeAddresses: string[]): Promise<void> {
  const chain = buildNodesChain();
  const rules = buildNodesRules(chain, nodeAddresses);
  if (rules === nodesSet) return;
  try {
    await restore(rules);
    const jump = ["DOCKER-USER", "-i", buildBridgeName(), "-m", "comment", "--comment", ruleComment(), "-j", chain];
    await run("iptables", ["-w", "5", "-C", ...jump]).catch(() => run("iptables", ["-w", "5", "-I", jump[0]!, "1", ...jump.slice(1)]));
  } catch (err) {
    throw new Error(`builds could not be kept from the swarm's nodes (iptables: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message})`);
  }
  nodesSet = rules;
}

/** iptables-restore of one chain's rules, leaving every other chain as it is. */
function restore(rules: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("iptables-restore", ["-w", "5", "--noflush"], { stdio: ["pipe", "ignore", "pipe"], timeout: 10_000 });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(Object.assign(new Error(`iptables-restore exited ${code}`), { stderr }))));
    child.stdin.end(rules);
  });
}
