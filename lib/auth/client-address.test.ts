import assert from "node:assert/strict";
import { test } from "node:test";
import { addressNetwork, clientAddress, normalizeAddress } from "./client-address.ts";

test("the address comes from Berth's own header only, one spelling per address", () => {
  const req = (headers: Record<string, string>) => new Request("http://berth.test/", { headers });
  assert.equal(clientAddress(req({ "x-berth-client-address": "::ffff:127.0.0.2" })), "127.0.0.2");
  assert.equal(clientAddress(req({ "x-forwarded-for": "10.0.0.1", "x-real-ip": "10.0.0.2" })), "unknown");
  assert.equal(normalizeAddress(" 2001:DB8::1 "), "2001:db8::1");
  assert.equal(normalizeAddress("127.0.0.1, 10.0.0.1"), "unknown");
  assert.equal(normalizeAddress("not an address"), "unknown");
});

test("IPv6 addresses count by their /64, IPv4 ones by themselves", () => {
  assert.equal(addressNetwork("127.0.0.2"), "127.0.0.2");
  assert.equal(addressNetwork("2001:db8:0:1::5"), "2001:db8:0:1::/64");
  assert.equal(addressNetwork("2001:db8:0:1:ffff:1:2:3"), "2001:db8:0:1::/64");
  assert.equal(addressNetwork("2001:0db8:0000:0001::"), "2001:db8:0:1::/64");
  assert.equal(addressNetwork("::1"), "0:0:0:0::/64");
  assert.equal(addressNetwork("fe80::1:2:3:4"), "fe80:0:0:0::/64");
  assert.equal(addressNetwork("unknown"), "unknown");
});
