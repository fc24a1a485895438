// Where the router's connections to a node come from. The router (HAProxy) runs on the machine
// Berth runs on, and the kernel picks the source address of a connection by its route to the
// destination: `ip route get` names it. Nodes' firewalls let only these addresses reach published
// ports (node-firewall.ts).
import { execFile } from "node:child_process";
import net from "node:net";
import { promisify } from "node:util";

const run = promisify(execFile);
const FRESH_MS = 60_000;
const known = new Map<string, { at: number; source: Promise<string> }>();

/** The address the router's connections to NODE_ADDRESS leave from; rejects when there is no route. */
export function routerSourceAddress(nodeAddress: string): Promise<string> {
  const seen = known.get(nodeAddress);
  if (seen && Date.now() - seen.at < FRESH_MS) return seen.source;
  const source = lookUp(nodeAddress);
  known.set(nodeAddress, { at: Date.now(), source });
  source.catch(() => known.delete(nodeAddress));
  return source;
}

async function lookUp(nodeAddress: string): Promise<string> {
  if (!net.isIPv4(nodeAddress)) throw new Error(`not an IPv4 node address: ${JSON.stringify(nodeAddress)}`);
  const { stdout } = await run("ip", ["-j", "route", "get", nodeAddress], { timeout: 5000 });
  const source = (JSON.parse(stdout) as Array<{ prefsrc?: string }>)[0]?.prefsrc;
  if (!source || !net.isIPv4(source)) throw new Error(`no route to ${nodeAddress} names a source address`);
  return source;
}
