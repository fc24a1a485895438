// The router against a real HAProxy: host routing, refused configs, serialised applies, and
// reloads under keep-alive traffic that drop no request. Each test has its own directory, port
// and HAProxy, so the tests run in parallel.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, test, type TestContext } from "node:test";
import { applyRouterConfig, isRouterRunning, stopRouter, type RouterPaths } from "./haproxy.ts";
import { renderRouterConfig } from "./render-haproxy.ts";
import type { RouterApp, RouterCertificate, RouterState } from "./types.ts";

function serve(t: TestContext, body: string): Promise<number> {
  return new Promise((resolve) => {
    // "/proto" tells what the router said about the client's connection.
    const server = http.createServer((req, res) => res.end(req.url === "/proto" ? String(req.headers["x-forwarded-proto"]) : body));
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
    t.after(() => {
      server.closeAllConnections();
      server.close();
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** node's fetch cannot set Host, so plain http.request. */
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

/** A private router directory and port; HAProxy is stopped and the directory removed afterwards. */
async function privateRouter(t: TestContext) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-router-"));
  const paths: RouterPaths = { dir };
  const port = await freePort();
  t.after(async () => {
    await stopRouter(paths);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const render = (apps: RouterApp[]) => {
    const state: RouterState = { port, bindAddress: "127.0.0.1", statsSocket: path.join(dir, "stats.sock"), filesDir: path.join(dir, "files"), apps };
    return renderRouterConfig(state);
  };
  return { dir, paths, port, render };
}

const app = (name: string, host: string, ports: number[]): RouterApp => ({
  name,
  hostnames: [host],
  servers: ports.map((port, i) => ({ name: `web.${i + 1}`, address: "127.0.0.1", port })),
});

const sessionOf = (pid: number | string) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[3];

describe("HAProxy router", { concurrency: true }, () => {
  test("starts detached and routes by Host", async (t) => {
    const router = await privateRouter(t);
    const [a, b] = await Promise.all([serve(t, "from a"), serve(t, "from b")]);
    const config = router.render([app("alpha", "a.test.localhost", [a]), app("beta", "b.test.localhost", [b]), app("idle", "idle.test.localhost", [])]);
    const { text } = config;

    assert.deepEqual(await applyRouterConfig(router.paths, config), { changed: true });
    assert.equal(await isRouterRunning(router.paths), true);
    const master = fs.readFileSync(path.join(router.dir, "haproxy.pid"), "utf8").trim();
    assert.notEqual(sessionOf(master), sessionOf("self"), "HAProxy must not die with this process's session");

    assert.deepEqual(await get(router.port, "a.test.localhost"), { status: 200, body: "from a" });
    assert.deepEqual(await get(router.port, "b.test.localhost"), { status: 200, body: "from b" });
    assert.deepEqual(await get(router.port, "A.Test.Localhost:80"), { status: 200, body: "from a" });
    assert.deepEqual(await get(router.port, "nobody.test.localhost"), { status: 404, body: "No app at this address\n" });
    assert.deepEqual(await get(router.port, "idle.test.localhost"), { status: 503, body: "No web processes running for idle\n" });

    assert.deepEqual(await applyRouterConfig(router.paths, config), { changed: false });
    assert.equal(fs.readFileSync(path.join(router.dir, "haproxy.cfg.last-good"), "utf8"), text);
    await stopRouter(router.paths);
    assert.equal(await isRouterRunning(router.paths), false);
  });

  test("a config haproxy refuses is not installed, and the last good one keeps serving", async (t) => {
    const router = await privateRouter(t);
    const a = await serve(t, "from a");
    const good = router.render([app("alpha", "a.test.localhost", [a])]);
    await applyRouterConfig(router.paths, good);

    const bad = { ...good, text: `${good.text}\nbackend broken\n    server x nowhere:notaport\n` };
    await assert.rejects(applyRouterConfig(router.paths, bad), /refused the new router config.*invalid character 'n' in port number/s);
    assert.equal(fs.readFileSync(path.join(router.dir, "haproxy.cfg"), "utf8"), good.text);
    assert.deepEqual(await get(router.port, "a.test.localhost"), { status: 200, body: "from a" });
    assert.deepEqual(fs.readdirSync(router.dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file is left behind");
  });

  test("concurrent applies are serialised, and the newest text wins", async (t) => {
    const router = await privateRouter(t);
    const [a, b] = await Promise.all([serve(t, "from a"), serve(t, "from b")]);
    const texts = [a, b, a, b, a, b].map((port) => router.render([app("alpha", "a.test.localhost", [port])]));

    const results = await Promise.all(texts.map((text) => applyRouterConfig(router.paths, text)));
    assert.ok(results.every((r) => typeof r.changed === "boolean"));
    assert.equal(fs.readFileSync(path.join(router.dir, "haproxy.cfg"), "utf8"), texts.at(-1)!.text);
    assert.deepEqual(await get(router.port, "a.test.localhost"), { status: 200, body: "from b" });
    assert.equal(fs.existsSync(path.join(router.dir, "apply.lock")), false);
  });

  test("an idle keep-alive connection outlives a reload and is told to close on its next answer", async (t) => {
    // What `option idle-close-on-response` is for: without it the old worker closes idle
    // connections at once, and a client that writes into one just then sees a reset.
    const router = await privateRouter(t);
    const [a, b] = await Promise.all([serve(t, "from a"), serve(t, "from b")]);
    await applyRouterConfig(router.paths, router.render([app("alpha", "a.test.localhost", [a])]));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    t.after(() => agent.destroy());
    const ask = () =>
      new Promise<{ body: string; reused: boolean; connection?: string }>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port: router.port, headers: { host: "a.test.localhost" }, agent }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ body, reused: req.reusedSocket, connection: res.headers.connection }));
        });
        req.on("error", reject);
      });

    assert.equal((await ask()).body, "from a");
    await applyRouterConfig(router.paths, router.render([app("alpha", "a.test.localhost", [b])]));
    assert.deepEqual(await ask(), { body: "from a", reused: true, connection: "close" }, "the old worker answers once more, then closes");
    assert.deepEqual(await ask(), { body: "from b", reused: false, connection: undefined });
  });

  test("15 reloads during 600 keep-alive requests drop none", async (t) => {
    const router = await privateRouter(t);
    const [a, b] = await Promise.all([serve(t, "from a"), serve(t, "from b")]);
    const config = (port: number) => router.render([app("alpha", "a.test.localhost", [port])]);
    await applyRouterConfig(router.paths, config(a));

    // Reload i switches alpha to target(i). It starts before request 40i+10 and is awaited
    // before request 40i+25 (so the connection sits idle across the end of the reload); by
    // request 40i+39 every answer must come from the new target.
    const target = (i: number) => (i % 2 === 0 ? b : a);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const failures: string[] = [];
    const lateSwitches: number[] = [];
    let reloading: Promise<unknown> | undefined;
    let reloads = 0;
    const started = Date.now();
    for (let k = 0; k < 600; k++) {
      const i = Math.floor(k / 40);
      if (k % 40 === 10 && i < 15) reloading = applyRouterConfig(router.paths, config(target(i)));
      if (k % 40 === 25 && reloading) {
        assert.deepEqual(await reloading, { changed: true });
        reloads++;
      }
      // Requests paced during the reload, so some are in flight while the workers change.
      if (k % 40 >= 10 && k % 40 < 25) await new Promise((r) => setTimeout(r, 3));
      try {
        const res = await get(router.port, "a.test.localhost", agent);
        if (res.status !== 200) failures.push(`request ${k}: HTTP ${res.status} ${res.body}`);
        const expected = k % 40 === 39 ? `from ${target(i) === a ? "a" : "b"}` : undefined;
        if (expected && res.body !== expected) lateSwitches.push(k);
      } catch (err) {
        failures.push(`request ${k}: ${String(err)}`);
      }
    }
    agent.destroy();
    t.diagnostic(`requests: 600, failed: ${failures.length}, reloads: ${reloads}, not switched by the 14th request after a reload: ${lateSwitches.length}, ${Date.now() - started} ms`);
    assert.deepEqual(failures, []);
    assert.equal(reloads, 15);
    assert.deepEqual(lateSwitches, []);
  });
});

describe("HAProxy router with TLS", () => {
  // A self-signed certificate for www.example.com and shop.example.com, for tests only.
  const pem = fs.readFileSync(path.join(import.meta.dirname, "testdata", "test-only-example-com.pem"), "utf8");
  const ca = pem.slice(0, pem.indexOf("-----BEGIN PRIVATE KEY-----"));

  function getTls(port: number, servername: string, route = "/"): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      https
        .get({ host: "127.0.0.1", port, servername, path: route, headers: { host: servername }, ca, agent: false }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on("error", reject);
    });
  }

  test("serves HTTPS by SNI, redirects, and removes the files of replaced certificates", async (t) => {
    const router = await privateRouter(t);
    const tlsPort = await freePort();
    const a = await serve(t, "from a");
    const filesDir = path.join(router.dir, "files");
    const config = (certificates: RouterCertificate[], redirect: string[]) =>
      renderRouterConfig({
        port: router.port,
        bindAddress: "127.0.0.1",
        statsSocket: path.join(router.dir, "stats.sock"),
        filesDir,
        tls: { port: tlsPort, certificates },
        apps: [{ ...app("alpha", "www.example.com", [a]), redirectHttps: redirect }],
      });

    await applyRouterConfig(router.paths, config([{ hostnames: ["www.example.com"], pem }], ["www.example.com"]));
    assert.deepEqual(await getTls(tlsPort, "www.example.com"), { status: 200, body: "from a" });
    assert.deepEqual(await getTls(tlsPort, "www.example.com", "/proto"), { status: 200, body: "https" });
    // shop.example.com is in the certificate, but it was not given for that name: no handshake.
    await assert.rejects(getTls(tlsPort, "shop.example.com"), /disconnected|socket hang up|ECONNRESET|alert/i);
    const redirect = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ host: "127.0.0.1", port: router.port, path: "/a/b?c=d", headers: { host: "WWW.example.com:80" }, agent: false }, resolve).on("error", reject),
    );
    redirect.resume();
    assert.equal(redirect.statusCode, 301);
    assert.equal(redirect.headers.location, `https://www.example.com:${tlsPort}/a/b?c=d`);
    const files = fs.readdirSync(filesDir).sort();
    assert.equal(files.length, 3, files.join(" ")); // host map, certificate, crt-list
    for (const f of files) assert.equal(fs.statSync(path.join(filesDir, f)).mode & 0o777, 0o600, f);

    await applyRouterConfig(router.paths, config([], []));
    await assert.rejects(getTls(tlsPort, "www.example.com"), /disconnected|socket hang up|ECONNRESET|alert/i);
    assert.deepEqual(await get(router.port, "www.example.com"), { status: 200, body: "from a" });
    assert.deepEqual(fs.readdirSync(filesDir).filter((f) => f.endsWith(".pem")), [], "the key file of the removed certificate is gone");
  });
});
