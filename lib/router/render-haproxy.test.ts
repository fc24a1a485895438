// Golden-file tests of the router config renderer; every golden must also pass `haproxy -c`.
// Set UPDATE_GOLDEN=1 to rewrite the files after an intended change.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { renderHaproxyConfig } from "./render-haproxy.ts";
import type { RouterState } from "./types.ts";

const GOLDEN = path.join(import.meta.dirname, "testdata");
const base = { port: 8080, statsSocket: "/run/berth/router/stats.sock" };

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
};

for (const [name, state] of Object.entries(CASES)) {
  test(`renders ${name} as its golden file, and haproxy accepts it`, () => {
    const text = renderHaproxyConfig(state);
    const file = path.join(GOLDEN, `${name}.cfg`);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
    assert.equal(text, fs.readFileSync(file, "utf8"));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-golden-"));
    try {
      // The golden names a fixed socket path; haproxy -c wants the socket's folder to exist.
      const checked = path.join(dir, "haproxy.cfg");
      fs.writeFileSync(checked, renderHaproxyConfig({ ...state, statsSocket: path.join(dir, "stats.sock") }));
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
});

test("ambiguous states are refused rather than rendered with a silent winner", () => {
  const server = { name: "web.1", address: "10.0.0.1", port: 5000 };
  const app = (name: string, hostnames: string[]) => ({ name, hostnames, servers: [server] });
  assert.throws(() => renderHaproxyConfig({ ...base, apps: [app("one", ["x.test"]), app("two", ["X.test"])] }), /x.test belongs to both one and two/);
  assert.throws(() => renderHaproxyConfig({ ...base, apps: [app("one", ["a.test"]), app("one", ["b.test"])] }), /app one twice/);
  assert.throws(() => renderHaproxyConfig({ ...base, apps: [{ ...app("one", []), servers: [server, server] }] }), /server web.1 twice/);
});
