// Where a log drain may connect. Checked when a drain is added (its host as typed, and every
// address the name resolves to now: a clear 422 naming the rule) and again at every connection,
// through a DNS lookup that refuses forbidden addresses (a name that resolved to a public address
// when the drain was added may resolve to 127.0.0.1 later: DNS rebinding). Without this a drain is
// a port scanner of the host: its error told an open port from a closed one.
// The admin's allow-list (BERTH_DRAIN_ALLOWED_HOSTS) names hosts, addresses or ranges that are let
// through anyway, e.g. a log server on the private network.
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import os from "node:os";
import { settings } from "../../env.ts";
import { invalid } from "../../errors.ts";
import { forbiddenAddressRule, inCidr, parseCidr, parseIp } from "./address-ranges.ts";

export interface TargetPolicy {
  /** Host names, addresses or CIDR ranges allowed although they are loopback, private, … */
  allowed: readonly string[];
  /** This machine's addresses, read at each check: Docker adds bridges as networks are made. */
  ownAddresses: () => string[];
}

export const machineAddresses = (): string[] => Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));

export const defaultPolicy = (): TargetPolicy => ({ allowed: settings.drainAllowedHosts, ownAddresses: machineAddresses });

const HINT = "; an admin can allow a host with BERTH_DRAIN_ALLOWED_HOSTS";

/** `[::1]` → `::1`, `Logs.Example.com.` → `logs.example.com`. */
export const normalHost = (host: string) => host.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();

/** Names that are this machine whatever DNS says (RFC 6761). */
const isLocalName = (host: string) => host === "localhost" || host.endsWith(".localhost");

function allowedByAdmin(host: string, address: string | null, allowed: readonly string[]): boolean {
  const name = normalHost(host);
  const ip = address === null ? null : parseIp(address);
  return allowed.some((entry) => {
    if (normalHost(entry) === name) return true;
    const range = ip && parseCidr(entry.trim());
    return range ? inCidr(ip, range) : false;
  });
}

/** Why a connection to `address` (found for `host`) is refused, or null when it may go ahead. */
export function refusalFor(host: string, address: string, policy: TargetPolicy): string | null {
  if (allowedByAdmin(host, address, policy.allowed)) return null;
  return forbiddenAddressRule(address, policy.ownAddresses());
}

export type ResolveAll = (host: string) => Promise<string[]>;
const resolveAll: ResolveAll = async (host) => (await dns.promises.lookup(host, { all: true })).map((a) => a.address);

/**
 * At creation: refuses (422, naming the rule) a drain whose host is, or now resolves to, an address
 * it may not reach. A name that does not resolve yet is accepted: every connection checks again.
 */
export async function assertDrainHostAllowed(url: URL, policy: TargetPolicy = defaultPolicy(), resolve: ResolveAll = resolveAll): Promise<void> {
  const host = normalHost(url.hostname);
  if (allowedByAdmin(host, null, policy.allowed)) return;
  if (isLocalName(host)) throw invalid(`log drains may not point at this machine: ${host} is loopback${HINT}`);
  if (parseIp(host)) {
    const rule = refusalFor(host, host, policy);
    if (rule) throw invalid(`log drains may not point at ${rule}: ${host} is one${HINT}`);
    return;
  }
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return;
  }
  for (const address of addresses) {
    const rule = refusalFor(host, address, policy);
    if (rule) throw invalid(`log drains may not point at ${rule}: ${host} resolves to one${HINT}`);
  }
}

/** A connection Berth refused to make: shown to the user like any failed connection. */
export class DrainAddressRefused extends Error {
  readonly code = "EDRAINREFUSED";
  constructor(host: string, rule: string) {
    super(`connecting to ${host} refused: ${rule}`);
  }
}

/** At connection time, for a host written as an address (Node does not look those up). */
export function assertAddressAllowed(host: string, policy: TargetPolicy = defaultPolicy()): void {
  const bare = normalHost(host);
  if (!parseIp(bare)) return;
  const rule = refusalFor(bare, bare, policy);
  if (rule) throw new DrainAddressRefused(bare, rule);
}

/**
 * A `lookup` for net/tls/https connect options: resolves as dns.lookup does, and fails when any
 * address found is forbidden, so the socket never connects to one.
 */
export function guardedLookup(policy: TargetPolicy = defaultPolicy(), lookup: typeof dns.lookup = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      if (isLocalName(normalHost(hostname)) && !allowedByAdmin(hostname, null, policy.allowed)) return callback(new DrainAddressRefused(hostname, "loopback"), "");
      for (const a of addresses) {
        const rule = refusalFor(hostname, a.address, policy);
        if (rule) return callback(new DrainAddressRefused(hostname, rule), "");
      }
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
