// waitUntilHealthy against real sockets on loopback: what passes, what fails at once, what waits.
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { waitUntilHealthy } from "./health-check.ts";

let api: http.Server;
let apiPort: number;
let closer: net.Server;
let closerPort: number;
const seen: Array<{ path: string; host: string; proto: string }> = [];

before(async () => {
  // An API: / is 404, /ready says "ok" only to admin.example.com, /health is 404 too.
  api = http.createServer((req, res) => {
    seen.push({ path: req.url ?? "", host: req.headers.host ?? "", proto: String(req.headers["x-forwarded-proto"] ?? "") });
    if (req.url === "/ready") return res.end(req.headers.host === "admin.example.com" ? "status: ok" : "status: starting");
    res.statusCode = 404;
    res.end("not found");
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));
  apiPort = (api.address() as AddressInfo).port;
  // A process that accepts connections and closes them without an HTTP answer.
  closer = net.createServer((socket) => socket.destroy());
  await new Promise<void>((r) => closer.listen(0, "127.0.0.1", r));
  closerPort = (closer.address() as AddressInfo).port;
});
after(() => {
  api.close();
  closer.close();
});

const elapsed = async (fn: () => Promise<unknown>) => {
  const t = Date.now();
  const err = await fn().then(
    () => null,
    (e: Error) => e,
  );
  return { ms: Date.now() - t, err };
};

test("no path: an API whose / answers 404 passes at once", async () => {
  const { ms, err } = await elapsed(() => waitUntilHealthy({ address: "127.0.0.1", port: apiPort, path: null, timeoutMs: 10_000 }));
  assert.equal(err, null);
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test("a configured path that answers 404 fails after 5 wrong answers, well before the timeout", async () => {
  const { ms, err } = await elapsed(() => waitUntilHealthy({ address: "127.0.0.1", port: apiPort, path: "/health", timeoutMs: 60_000 }));
  assert.equal(err?.message, "GET /health answered HTTP 404 5 times in a row (the app's health check needs 2xx or 3xx)");
  assert.ok(ms >= 3500 && ms < 10_000, `took ${ms} ms`);
});

test("a CHECKS check is asked with its host and scheme, and needs its content", async () => {
  seen.length = 0;
  const ok = await elapsed(() =>
    waitUntilHealthy({ address: "127.0.0.1", port: apiPort, path: null, timeoutMs: 10_000, checksFile: { checks: [{ path: "/ready", host: "admin.example.com", proto: "https", content: "ok" }] } }),
  );
  assert.equal(ok.err, null);
  assert.deepEqual(seen, [{ path: "/ready", host: "admin.example.com", proto: "https" }]);
  const wrong = await elapsed(() => waitUntilHealthy({ address: "127.0.0.1", port: apiPort, path: null, timeoutMs: 60_000, checksFile: { checks: [{ path: "/ready", content: "ok" }], attempts: 2 } }));
  assert.equal(wrong.err?.message, 'GET /ready answered HTTP 200 without "ok" 2 times in a row (a CHECKS check needs 2xx or 3xx holding "ok")');
  assert.ok(wrong.ms < 5000, `took ${wrong.ms} ms`);
});

test("a connection closed without an HTTP answer is not enough: it waits out the timeout", async () => {
  const { ms, err } = await elapsed(() => waitUntilHealthy({ address: "127.0.0.1", port: closerPort, path: null, timeoutMs: 1500 }));
  assert.match(err?.message ?? "", /^the web process did not pass its health check within 2 s \(the connection on PORT \d+ closed without an HTTP answer\)$/);
  assert.ok(ms >= 1400, `took ${ms} ms`);
});

test("a process that exited fails the check at once with its exit, also before it had an address", async () => {
  const exited = async () => "the process exited with code 127";
  const refused = await elapsed(() => waitUntilHealthy({ address: "127.0.0.1", port: 1, path: null, timeoutMs: 60_000, isGone: exited }));
  assert.equal(refused.err?.message, "the process exited with code 127");
  assert.ok(refused.ms < 1000, `took ${refused.ms} ms`);
  const noAddress = await elapsed(() => waitUntilHealthy({ address: "", port: 5000, path: "/up", timeoutMs: 60_000, isGone: exited }));
  assert.equal(noAddress.err?.message, "the process exited with code 127");
  assert.ok(noAddress.ms < 1000, `took ${noAddress.ms} ms`);
});
