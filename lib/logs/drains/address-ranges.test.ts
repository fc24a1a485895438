import assert from "node:assert/strict";
import { test } from "node:test";
import { embeddedIpv4, forbiddenAddressRule, OWN_ADDRESS_RULE, parseCidr, parseIp, inCidr } from "./address-ranges.ts";

test("every spelling of loopback, unspecified and link-local is refused, IPv4-mapped and NAT64 forms too", () => {
  for (const [address, rule] of [
    ["127.0.0.1", /^loopback/],
    ["127.255.255.254", /^loopback/],
    ["::1", /^loopback/],
    ["[::1]", /^loopback/],
    ["0:0:0:0:0:0:0:1", /^loopback/],
    ["::ffff:127.0.0.1", /^loopback/],
    ["::ffff:7f00:1", /^loopback/],
    ["0:0:0:0:0:ffff:7f00:1", /^loopback/],
    ["::127.0.0.1", /^loopback/], // IPv4-compatible
    ["64:ff9b::7f00:1", /^loopback/], // NAT64
    ["2002:7f00:1::", /^loopback/], // 6to4
    ["0.0.0.0", /^unspecified/],
    ["0.1.2.3", /^unspecified/],
    ["::", /^unspecified/],
    ["169.254.169.254", /^link-local.*metadata/],
    ["::ffff:169.254.169.254", /^link-local/],
    ["fe80::1", /^link-local/],
    ["febf:ffff::1", /^link-local/],
  ] as const) assert.match(forbiddenAddressRule(address) ?? "allowed", rule, address);
});

test("private, shared, multicast, broadcast and reserved ranges are refused; public addresses are not", () => {
  for (const [address, rule] of [
    ["10.1.2.3", /^private/],
    ["172.16.0.1", /^private/],
    ["172.17.0.1", /^private/],
    ["172.31.255.255", /^private/],
    ["192.168.1.1", /^private/],
    ["100.64.0.1", /^private/],
    ["fd00::2", /^private/],
    ["fc00::1", /^private/],
    ["::ffff:10.0.0.1", /^private/],
    ["224.0.0.1", /^multicast/],
    ["239.255.255.250", /^multicast/],
    ["255.255.255.255", /^reserved/],
    ["ff02::1", /^multicast/],
    ["192.0.2.10", /^reserved/],
    ["198.18.0.1", /^reserved/],
    ["240.0.0.1", /^reserved/],
    ["2001:db8::1", /^reserved/],
  ] as const) assert.match(forbiddenAddressRule(address) ?? "allowed", rule, address);
  for (const address of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "not an address", "1.2.3"]) {
    assert.equal(forbiddenAddressRule(address), null, address);
  }
});

test("this machine's own addresses are refused whatever their range, in any spelling", () => {
  const own = ["127.0.0.1", "::1", "93.184.216.34", "2606:4700::1111", "172.17.0.1"];
  assert.equal(forbiddenAddressRule("93.184.216.34", own), OWN_ADDRESS_RULE);
  assert.equal(forbiddenAddressRule("::ffff:93.184.216.34", own), OWN_ADDRESS_RULE);
  assert.equal(forbiddenAddressRule("2606:4700:0:0:0:0:0:1111", own), OWN_ADDRESS_RULE);
  assert.equal(forbiddenAddressRule("172.17.0.1", own), OWN_ADDRESS_RULE);
  // Loopback is called loopback, though it is this machine's too.
  assert.match(forbiddenAddressRule("127.0.0.1", own)!, /^loopback/);
  assert.equal(forbiddenAddressRule("93.184.216.35", own), null);
});

test("addresses and ranges parse as the kernel reads them", () => {
  assert.deepEqual(parseIp("1.2.3.4"), { family: 4, value: 0x01020304n });
  assert.deepEqual(parseIp("::ffff:1.2.3.4"), { family: 6, value: 0xffff01020304n });
  assert.deepEqual(parseIp("1::"), { family: 6, value: 1n << 112n });
  assert.deepEqual(parseIp("1::2"), { family: 6, value: (1n << 112n) | 2n });
  assert.equal(parseIp("0x7f.1"), null);
  assert.equal(parseIp("2130706433"), null);
  assert.deepEqual(embeddedIpv4(parseIp("::ffff:10.0.0.1")!), { family: 4, value: 0x0a000001n });
  assert.equal(embeddedIpv4(parseIp("2606:4700::1111")!), null);
  const range = parseCidr("10.0.0.0/8")!;
  assert.ok(inCidr(parseIp("10.9.9.9")!, range));
  assert.ok(inCidr(parseIp("::ffff:10.9.9.9")!, range));
  assert.ok(!inCidr(parseIp("11.0.0.0")!, range));
  assert.deepEqual(parseCidr("127.0.0.42"), { family: 4, base: 0x7f00002an, bits: 32 });
  for (const bad of ["10.0.0.0/33", "10.0.0.0/x", "host/8", "::/129"]) assert.equal(parseCidr(bad), null, bad);
});
