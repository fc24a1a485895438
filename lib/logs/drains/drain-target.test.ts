import assert from "node:assert/strict";
import type dns from "node:dns";
import net from "node:net";
import { test } from "node:test";
import tls from "node:tls";
import { BerthError } from "../../errors.ts";
import { assertAddressAllowed, assertDrainHostAllowed, DrainAddressRefused, guardedLookup, type TargetPolicy } from "./drain-target.ts";

const policy = (allowed: string[] = [], own: string[] = ["127.0.0.1", "::1", "198.51.100.7"]): TargetPolicy => ({ allowed, ownAddresses: () => own });

/** A resolver that answers from a table, as DNS would. */
const table = (answers: Record<string, string[]>) => async (host: string) => {
  const found = answers[host];
  if (!found) throw Object.assign(new Error(`${host} not found`), { code: "ENOTFOUND" });
  return found;
};

async function refusal(url: string, p = policy(), resolve = table({})): Promise<string | null> {
  try {
    await assertDrainHostAllowed(new URL(url), p, resolve);
    return null;
  } catch (err) {
    assert.ok(err instanceof BerthError && err.code === "invalid", String(err));
    return err.message;
  }
}

test("at creation: addresses and names (now) resolving to forbidden addresses are refused, naming the rule", async () => {
  const dnsTable = table({ "logs.example.com": ["93.184.216.34"], "sneaky.example.com": ["93.184.216.34", "10.0.0.5"], "2130706433": ["127.0.0.1"], "meta.example.com": ["169.254.169.254"] });
  for (const [url, rule] of [
    ["https://127.0.0.1:3000/", /may not point at loopback addresses .*: 127\.0\.0\.1 is one; an admin can allow a host with BERTH_DRAIN_ALLOWED_HOSTS/],
    ["https://2130706433/", /loopback/], // WHATWG URL makes it 127.0.0.1
    ["https://0x7f.1/", /loopback/],
    ["https://[::1]:6379/", /loopback.*: ::1 is one/],
    ["https://[::ffff:127.0.0.1]/", /loopback/],
    ["https://169.254.169.254/latest/meta-data/", /link-local/],
    ["https://localhost:3000/", /this machine: localhost is loopback/],
    ["https://LOCALHOST./", /this machine/],
    ["https://berth.localhost/", /this machine/],
    ["syslog+tls://127.0.0.1:6379", /loopback/],
    ["syslog+tls://2130706433:6379", /loopback.*: 2130706433 resolves to one/], // no WHATWG normalising for syslog+tls: the resolver's answer counts
    ["syslog+tls://[::1]:6514", /loopback/],
    ["https://198.51.100.7/", /this machine's own addresses/],
    ["https://172.17.0.1/", /private/],
    ["https://sneaky.example.com/", /private.*sneaky\.example\.com resolves to one/],
    ["https://meta.example.com/", /link-local/],
    ["https://0.0.0.0/", /unspecified/],
    ["https://[ff02::1]/", /multicast/],
  ] as const) assert.match((await refusal(url, policy(), dnsTable)) ?? "accepted", rule, url);
  assert.equal(await refusal("https://logs.example.com/", policy(), dnsTable), null);
  // Not resolving yet is no reason to refuse: every connection checks again.
  assert.equal(await refusal("https://later.example.com/", policy(), dnsTable), null);
});

test("the admin's allow-list lets a host, an address or a range through", async () => {
  const dnsTable = table({ "logs.internal": ["10.1.2.3"] });
  assert.equal(await refusal("https://127.0.0.42:9000/", policy(["127.0.0.42"])), null);
  assert.equal(await refusal("https://[::ffff:127.0.0.42]/", policy(["127.0.0.42"])), null);
  assert.match((await refusal("https://127.0.0.1:9000/", policy(["127.0.0.42"])))!, /loopback/);
  assert.equal(await refusal("https://logs.internal/", policy(["Logs.Internal"]), dnsTable), null);
  assert.equal(await refusal("https://logs.internal/", policy(["10.0.0.0/8"]), dnsTable), null);
  assert.match((await refusal("https://logs.internal/", policy(["10.1.2.4"]), dnsTable))!, /private/);
  assert.doesNotThrow(() => assertAddressAllowed("127.0.0.42", policy(["127.0.0.42"])));
  assert.throws(() => assertAddressAllowed("[::1]", policy(["127.0.0.42"])), DrainAddressRefused);
  assert.doesNotThrow(() => assertAddressAllowed("logs.example.com", policy()), "names are checked by the lookup");
});

/** A dns.lookup stand-in that answers `address` for every name, as a rebinding DNS server would. */
function fakeLookup(address: string): typeof dns.lookup {
  return ((_host: string, options: dns.LookupAllOptions, callback: (err: Error | null, addresses: dns.LookupAddress[]) => void) => {
    assert.equal(options.all, true);
    callback(null, [{ address, family: net.isIPv6(address) ? 6 : 4 }]);
  }) as unknown as typeof dns.lookup;
}

test("at connection: a name that now resolves to a forbidden address (DNS rebinding) is never connected to", async () => {
  // A listener on loopback that counts connections: the guard must stop the socket before it.
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const attempt = (lookup: ReturnType<typeof guardedLookup>) =>
      new Promise<Error & { code?: string }>((resolve) => {
        const s = tls.connect({ host: "logs.example.com", port, lookup, timeout: 5000 });
        s.once("error", resolve);
        s.once("secureConnect", () => resolve(new Error("connected")));
      });
    const refused = await attempt(guardedLookup(policy(), fakeLookup("127.0.0.1")));
    assert.ok(refused instanceof DrainAddressRefused, String(refused));
    assert.equal(refused.code, "EDRAINREFUSED");
    assert.match((await attempt(guardedLookup(policy(), fakeLookup("::ffff:127.0.0.1")))).message, /loopback/);
    assert.equal(connections, 0, "no connection reached the listener");
    // Allowed by the admin (the range): the same lookup connects (and the plain listener hangs up).
    await attempt(guardedLookup(policy(["127.0.0.0/8"]), fakeLookup("127.0.0.1")));
    assert.equal(connections, 1);
  } finally {
    server.close();
  }
});

test("the guarded lookup answers as dns.lookup does, one address or all", async () => {
  const lookup = guardedLookup(policy(), fakeLookup("93.184.216.34"));
  const one = await new Promise<unknown[]>((resolve) => lookup("logs.example.com", {}, (...args) => resolve(args)));
  assert.deepEqual(one, [null, "93.184.216.34", 4]);
  const all = await new Promise<unknown[]>((resolve) => lookup("logs.example.com", { all: true }, (...args) => resolve(args)));
  assert.deepEqual(all, [null, [{ address: "93.184.216.34", family: 4 }]]);
  const local = await new Promise<unknown[]>((resolve) => guardedLookup(policy(), fakeLookup("93.184.216.34"))("x.localhost", {}, (...args) => resolve(args)));
  assert.ok(local[0] instanceof DrainAddressRefused);
});
