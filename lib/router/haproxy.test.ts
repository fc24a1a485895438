// The router against a real HAProxy: host routing, and reloads under keep-alive traffic that
// drop no request.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { applyRouterConfig, isRouterRunning, stopRouter } from "./haproxy.ts";
import { renderHaproxyConfig } from "./render-haproxy.ts";
import type { RouterState } from "./types.ts";

function serve(body: string): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer((_req, res) => res.end(body));
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const portOf = (s: http.Server) => (s.address() as net.AddressInfo).port;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function get(port: number, host: string, agent: http.Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/", headers: { host }, agent }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("HAProxy router", { concurrency: false }, () => {
  let dir: string;
  let port: number;
  let a: http.Server;
  let b: http.Server;
  const paths = () => ({ dir });
  const state = (servers: http.Server[]): RouterState => ({
    port,
    bindAddress: "127.0.0.1",
    statsSocket: path.join(dir, "stats.sock"),
    apps: [
      { name: "alpha", hostnames: ["alpha.test.localhost"], servers: servers.map((s, i) => ({ name: `web.${i + 1}`, address: "127.0.0.1", port: portOf(s) })) },
      { name: "idle", hostnames: ["idle.test.localhost"], servers: [] },
    ],
  });

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-router-"));
    port = await freePort();
    [a, b] = await Promise.all([serve("from a"), serve("from b")]);
  });
  after(async () => {
    await stopRouter(paths());
    a.close();
    b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("starts detached and routes by Host", async () => {
    assert.deepEqual(await applyRouterConfig(paths(), renderHaproxyConfig(state([a]))), { changed: true });
    assert.equal(await isRouterRunning(paths()), true);
    assert.deepEqual(await get(port, "alpha.test.localhost"), { status: 200, body: "from a" });
    assert.deepEqual(await get(port, "ALPHA.test.localhost:80"), { status: 200, body: "from a" });
    assert.equal((await get(port, "nobody.test.localhost")).status, 404);
    assert.equal((await get(port, "idle.test.localhost")).status, 503);
    assert.deepEqual(await applyRouterConfig(paths(), renderHaproxyConfig(state([a]))), { changed: false });
  });

  test("a config haproxy refuses is not installed, and the last good one keeps serving", async () => {
    const good = fs.readFileSync(path.join(dir, "haproxy.cfg"), "utf8");
    await assert.rejects(applyRouterConfig(paths(), `${good}\nbackend broken\n    server x nowhere:notaport\n`), /refused the new router config/);
    assert.equal(fs.readFileSync(path.join(dir, "haproxy.cfg"), "utf8"), good);
    assert.deepEqual(await get(port, "alpha.test.localhost"), { status: 200, body: "from a" });
  });

  test("15 reloads under keep-alive traffic drop no request", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    let stop = false;
    let ok = 0;
    const failures: string[] = [];
    const bodies = new Set<string>();
    const client = async () => {
      while (!stop) {
        try {
          const res = await get(port, "alpha.test.localhost", agent);
          if (res.status === 200) {
            ok++;
            bodies.add(res.body);
          } else failures.push(`HTTP ${res.status}`);
        } catch (err) {
          failures.push(String(err));
        }
      }
    };
    const clients = [client(), client(), client()];
    for (let i = 0; i < 15; i++) {
      await applyRouterConfig(paths(), renderHaproxyConfig(state(i % 2 === 0 ? [b] : [a])));
      await new Promise((r) => setTimeout(r, 100));
    }
    stop = true;
    await Promise.all(clients);
    agent.destroy();
    console.log(`router reloads: 15, requests: ${ok + failures.length}, failed: ${failures.length}`);
    assert.deepEqual(failures.slice(0, 5), []);
    assert.ok(ok > 100, `only ${ok} requests`);
    assert.deepEqual([...bodies].sort(), ["from a", "from b"]);
  });
});
