// Golden-file tests of the router config renderer; every golden must also pass `haproxy -c`.
// Set UPDATE_GOLDEN=1 to rewrite the files after an intended change.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { writeConfigFiles } from "./config-files.ts";
import { renderHaproxyConfig, renderRouterConfig } from "./render-haproxy.ts";
import type { RouterState } from "./types.ts";

const GOLDEN = path.join(import.meta.dirname, "testdata");
const base = { port: 8080, statsSocket: "/run/berth/router/stats.sock", filesDir: "/run/berth/router/files" };
// A self-signed certificate for www.example.com and shop.example.com, for these tests only.
const EXAMPLE_PEM = fs.readFileSync(path.join(GOLDEN, "test-only-example-com.pem"), "utf8");

const CASES: Record<string, RouterState> = {
  empty: { ...base, apps: [] },
  "one-app": {
    ...base,
    apps: [{ name: "hello", hostnames: ["hello.berth.localhost"], servers: [{ name: "web.1-a1b2c3", address: "172.18.0.2", port: 5000 }] }],
  },
  "several-apps": {
    ...base,
    port: 80,
    logTarget: "127.0.0.1:5514",
    threads: 1,
    apps: [
      {
        name: "shop",
        hostnames: ["shop.berth.localhost", "WWW.Example.com", "www.example.com"],
        servers: [
          { name: "web.2-bbbbbb", address: "172.18.0.4", port: 5000 },
          { name: "web.1-aaaaaa", address: "172.18.0.3", port: 5000 },
        ],
      },
      { name: "api-v2", hostnames: ["api-v2.berth.localhost"], servers: [{ name: "web.1-cccccc", address: "172.19.0.2", port: 5000 }] },
    ],
  },
  "no-servers": { ...base, apps: [{ name: "idle", hostnames: ["idle.berth.localhost"], servers: [] }] },
  maintenance: {
    ...base,
    bindAddress: "127.0.0.1",
    apps: [{ name: "hello", hostnames: ["hello.berth.localhost"], servers: [{ name: "web.1", address: "172.18.0.2", port: 5000 }], maintenance: true }],
  },
  "tls-no-certificates": {
    ...base,
    tls: { port: 8443, certificates: [] },
    apps: [{ name: "hello", hostnames: ["hello.berth.localhost"], servers: [{ name: "web.1", address: "172.18.0.2", port: 5000 }] }],
  },
  tls: {
    ...base,
    port: 80,
    tls: { port: 443, certificates: [{ hostnames: ["www.example.com", "shop.example.com"], pem: EXAMPLE_PEM }] },
    apps: [
      {
        name: "shop",
        hostnames: ["shop.berth.localhost", "www.example.com", "shop.example.com"],
        redirectHttps: ["WWW.example.com"],
        servers: [{ name: "web.1-aaaaaa", address: "172.18.0.3", port: 5000 }],
      },
      { name: "blog", hostnames: ["blog.berth.localhost", "blog.example.org"], servers: [{ name: "web.1-bbbbbb", address: "172.18.0.4", port: 5000 }] },
    ],
  },
};

/** The files a state's config names, with the PEM files' content left out (they are the test certificate). */
function describeFiles(files: Record<string, string>): string {
  return Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([file, content]) => `== ${file}\n${file.endsWith(".pem") ? "(certificate and key)\n" : content}`)
    .join("");
}

for (const [name, state] of Object.entries(CASES)) {
  test(`renders ${name} as its golden file, and haproxy accepts it`, () => {
    const { text, files } = renderRouterConfig(state);
    const file = path.join(GOLDEN, `${name}.cfg`);
    const filesGolden = path.join(GOLDEN, `${name}.files`);
    if (process.env.UPDATE_GOLDEN) {
      fs.writeFileSync(file, text);
      fs.writeFileSync(filesGolden, describeFiles(files));
    }
    assert.equal(text, fs.readFileSync(file, "utf8"));
    assert.equal(describeFiles(files), fs.readFileSync(filesGolden, "utf8"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-golden-"));
    try {
      // The golden names fixed paths; haproxy -c wants the socket's folder and the certificates to exist.
      const checked = path.join(dir, "haproxy.cfg");
      const local = renderRouterConfig({ ...state, statsSocket: path.join(dir, "stats.sock"), filesDir: path.join(dir, "files") });
      writeConfigFiles(dir, local.files);
      fs.writeFileSync(checked, local.text);
      execFileSync("haproxy", ["-c", "-q", "-f", checked]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("the same state in another order renders the same text", () => {
  const state = CASES["several-apps"]!;
  const shuffled = { ...state, apps: [...state.apps].reverse().map((a) => ({ ...a, servers: [...a.servers].reverse() })) };
  assert.equal(renderHaproxyConfig(shuffled), renderHaproxyConfig(state));
});

test("values that could inject config lines are refused", () => {
  const app = (over: object) => ({ ...base, apps: [{ name: "ok", hostnames: ["ok.test"], servers: [], ...over }] });
  assert.throws(() => renderHaproxyConfig(app({ name: "bad\n  server x" })), /bad app name/);
  assert.throws(() => renderHaproxyConfig(app({ hostnames: ["a.test }\n    use_backend x"] })), /bad hostname/);
  assert.throws(() => renderHaproxyConfig(app({ servers: [{ name: "w 1", address: "1.2.3.4", port: 5000 }] })), /bad server name/);
  assert.throws(() => renderHaproxyConfig(app({ servers: [{ name: "w1", address: "1.2.3.4 backup", port: 5000 }] })), /bad address/);
  assert.throws(() => renderHaproxyConfig(app({ servers: [{ name: "w1", address: "1.2.3.4", port: 70000 }] })), /bad server port/);
  assert.throws(() => renderHaproxyConfig(app({ servers: [{ name: "w1", address: "1.2.3.400", port: 5000 }] })), /bad address/);
  assert.throws(() => renderHaproxyConfig(app({ servers: [{ name: "w1", address: "1.2.3.4:99", port: 5000 }] })), /bad address/);
  assert.throws(() => renderHaproxyConfig(app({ hostnames: ["-bad.test"] })), /bad hostname/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), port: 80.5 }), /bad port/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), bindAddress: "0.0.0.0 ssl crt /etc/x" }), /bad bind address/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), statsSocket: "/run/s.sock level admin\nlisten x" }), /bad stats socket/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), statsSocket: "relative/stats.sock" }), /bad stats socket/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), masterSocket: "/run/m.sock\n" }), /bad master socket/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), logTarget: "127.0.0.1:5514 local7\nglobal" }), /bad log target/);
  assert.throws(() => renderHaproxyConfig({ ...app({}), logTarget: "127.0.0.1:99999" }), /bad log target port/);
  for (const threads of [0, 1.5, 65, Number.NaN]) assert.throws(() => renderHaproxyConfig({ ...app({}), threads }), /bad router thread count/);
});

test("ambiguous states are refused rather than rendered with a silent winner", () => {
  const server = { name: "web.1", address: "10.0.0.1", port: 5000 };
  const app = (name: string, hostnames: string[]) => ({ name, hostnames, servers: [server] });
  assert.throws(() => renderHaproxyConfig({ ...base, apps: [app("one", ["x.test"]), app("two", ["X.test"])] }), /x.test belongs to both one and two/);
  assert.throws(() => renderHaproxyConfig({ ...base, apps: [app("one", ["a.test"]), app("one", ["b.test"])] }), /app one twice/);
  assert.throws(() => renderHaproxyConfig({ ...base, apps: [{ ...app("one", []), servers: [server, server] }] }), /server web.1 twice/);
});

test("a maintenance page is HTML with Retry-After, and the servers are not used", () => {
  const text = renderHaproxyConfig(CASES.maintenance!);
  assert.match(text, /http-request return status 503 content-type "text\/html; charset=utf-8" string "<!doctype html>.*<h1>hello is offline for maintenance<\/h1>.*" hdr retry-after 120 hdr cache-control no-store/);
  assert.doesNotMatch(text, /server web\.1/);
});

describe("TLS", () => {
  const tlsState = CASES.tls!;
  const withTls = (tls: Partial<NonNullable<RouterState["tls"]>>, apps = tlsState.apps): RouterState => ({ ...tlsState, tls: { ...tlsState.tls!, ...tls }, apps });

  // Rendering never parses a PEM, so another one only has to look like one.
  const other = EXAMPLE_PEM.replace("MIGHAgEA", "MIGHAgEB");

  test("files are named after their content: a changed certificate changes the config text", () => {
    const a = renderRouterConfig(tlsState);
    const b = renderRouterConfig(withTls({ certificates: [{ hostnames: ["www.example.com", "shop.example.com"], pem: other }] }));
    assert.notEqual(a.text, b.text);
    assert.notDeepEqual(Object.keys(a.files).sort(), Object.keys(b.files).sort());
    for (const file of Object.keys(a.files)) assert.ok(file.startsWith(`${base.filesDir}/`), file);
  });

  test("the same certificate given per hostname is one file listed once", () => {
    const split = withTls({ certificates: [{ hostnames: ["shop.example.com"], pem: EXAMPLE_PEM }, { hostnames: ["WWW.example.com"], pem: EXAMPLE_PEM }] });
    assert.deepEqual(renderRouterConfig(split), renderRouterConfig(tlsState));
  });

  test("on port 443 the redirect keeps the standard port out of the Location", () => {
    assert.match(renderHaproxyConfig(tlsState), /redirect location https:\/\/%\[var\(txn.host\)\]%\[pathq\] code 301 if !\{ ssl_fc \} \{ var\(txn.host\) -m str www.example.com \}/);
    assert.match(renderHaproxyConfig(withTls({ port: 8443 })), /redirect location https:\/\/%\[var\(txn.host\)\]:8443%\[pathq\]/);
  });

  test("inconsistent or unsafe TLS states are refused", () => {
    const shop = tlsState.apps[0]!;
    const cert = (hostnames: string[], pem = EXAMPLE_PEM) => ({ hostnames, pem });
    assert.throws(() => renderRouterConfig(withTls({ certificates: [cert(["www.example.com"]), cert(["www.example.com"], other)] })), /www.example.com has two certificates/);
    assert.throws(() => renderRouterConfig(withTls({ certificates: [cert(["x.test"], "not a pem\n    bind :1")] })), /bad certificate PEM/);
    assert.throws(() => renderRouterConfig(withTls({ certificates: [cert(["x.test crt /etc/shadow"])] })), /bad hostname/);
    assert.throws(() => renderRouterConfig(withTls({ certificates: [cert([])] })), /served for no hostname/);
    assert.throws(() => renderRouterConfig({ ...tlsState, filesDir: "files" }), /bad files folder/);
    assert.throws(() => renderRouterConfig(withTls({ port: 80 })), /TLS port 80 is also the HTTP port/);
    assert.throws(() => renderRouterConfig(withTls({}, [{ ...shop, redirectHttps: ["blog.example.org"] }])), /redirects blog.example.org to HTTPS, but does not route it/);
    assert.throws(() => renderRouterConfig(withTls({ certificates: [] })), /redirects www.example.com to HTTPS, but it has no certificate/);
    assert.throws(() => renderRouterConfig({ ...tlsState, tls: undefined }), /but it has no certificate/);
  });
});
