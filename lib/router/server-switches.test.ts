import assert from "node:assert/strict";
import { test } from "node:test";
import { serverSwitches } from "./server-switches.ts";
import type { RouterApp, RouterState } from "./types.ts";

const server = (name: string, port = 5000, address = "10.0.0.2") => ({ name, address, port });
const state = (...apps: RouterApp[]): RouterState => ({ port: 80, statsSocket: "/r/stats.sock", filesDir: "/r/files", apps });
const app = (name: string, servers: RouterApp["servers"], extra: Partial<RouterApp> = {}): RouterApp => ({ name, hostnames: [`${name}.test`], servers, ...extra });

test("a rollout's new servers are added and the replaced ones removed, per backend", () => {
  const running = state(app("shop", [server("web.1-aaaaaa"), server("web.2-bbbbbb")]), app("blog", [server("web.1-cccccc")]));
  const next = state(app("shop", [server("web.1-dddddd", 5001), server("web.2-bbbbbb")]), app("blog", [server("web.1-cccccc")]));
  assert.deepEqual(serverSwitches(running, next), [{ backend: "app_shop", add: [server("web.1-dddddd", 5001)], remove: ["web.1-aaaaaa"] }]);
});

test("several apps changed since the last apply (coalesced requests) switch together", () => {
  const running = state(app("a", [server("web.1-aaaaaa")]), app("b", [server("web.1-bbbbbb")]));
  const next = state(app("a", []), app("b", [server("web.1-bbbbbb"), server("web.2-cccccc")]));
  assert.deepEqual(serverSwitches(running, next), [
    { backend: "app_a", add: [], remove: ["web.1-aaaaaa"] },
    { backend: "app_b", add: [server("web.2-cccccc")], remove: [] },
  ]);
});

test("nothing is switched when the running state is unknown or unchanged", () => {
  const s = state(app("a", [server("web.1-aaaaaa")]));
  assert.deepEqual(serverSwitches(undefined, s), []);
  assert.deepEqual(serverSwitches(s, s), []);
});

test("new and removed backends, maintenance changes and readdressed servers are left to the reload", () => {
  const running = state(app("gone", [server("web.1-aaaaaa")]), app("m", [server("web.1-bbbbbb")]), app("moved", [server("web.1-cccccc", 5000)]), app("off", [server("web.1-eeeeee")], { maintenance: true }));
  const next = state(
    app("new", [server("web.1-dddddd")]),
    app("m", [server("web.2-ffffff")], { maintenance: true }),
    app("moved", [server("web.1-cccccc", 6000, "10.0.0.9")]),
    app("off", [server("web.2-gggggg")], { maintenance: true }),
  );
  assert.deepEqual(serverSwitches(running, next), []);
});
