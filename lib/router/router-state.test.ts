import assert from "node:assert/strict";
import { test } from "node:test";
import { routerStateFor, type RoutedApp } from "./router-state.ts";

const settings = { dir: "/r", filesDir: "/r/files", port: 80, tlsPort: 443, domain: "berth.test", privateKeyOf: (h: string) => `KEY(${h})` };
const apps: RoutedApp[] = [
  {
    name: "shop",
    maintenance: true,
    domains: [
      { hostname: "shop.example.com", certificate: "CERT1", redirectHttps: true },
      { hostname: "www.example.com", certificate: null, redirectHttps: true },
    ],
    servers: [{ name: "web.1-aaaaaa", address: "10.0.0.2", port: 5000 }],
  },
];

test("every app gets its default hostname, its domains, and HTTPS only where a certificate is", () => {
  const state = routerStateFor(apps, settings);
  assert.deepEqual(state.apps[0]!.hostnames, ["shop.berth.test", "shop.example.com", "www.example.com"]);
  assert.equal(state.apps[0]!.maintenance, true);
  assert.deepEqual(state.apps[0]!.redirectHttps, ["shop.example.com"], "no redirect for a domain without a certificate");
  assert.deepEqual(state.tls, { port: 443, certificates: [{ hostnames: ["shop.example.com"], pem: "CERT1KEY(shop.example.com)" }] });
  assert.equal(state.statsSocket, "/r/stats.sock");
});

test("with the TLS port at 0 there is no HTTPS and no redirect", () => {
  const state = routerStateFor(apps, { ...settings, tlsPort: 0 });
  assert.equal(state.tls, undefined);
  assert.deepEqual(state.apps[0]!.redirectHttps, []);
});
