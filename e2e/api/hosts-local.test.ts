// The Hosts API with the local scheduler (the normal test instance): one host, `local`, with the
// engine's capacity; no join command (the message says how to switch to swarm); unknown hosts are
// 404; only admins see or change hosts, and every refusal leaves the host as it was.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { api, BASE, newUser } from "../support/berth.ts";

describe("hosts with the local scheduler", () => {
  let bob: Awaited<ReturnType<typeof newUser>>;
  before(async () => {
    bob = await newUser("hostsbob");
  });

  test("GET /hosts lists the one local host with the engine's capacity, never its endpoint", async () => {
    const res = await api("GET", "/api/v1/hosts");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.length, 1);
    const [local] = res.body;
    assert.equal(local.name, "local");
    assert.equal(local.role, "local");
    assert.equal(local.state, "ready");
    assert.equal(local.endpointKnown, true);
    assert.ok(local.cpus >= 1 && Number.isInteger(local.cpus), `cpus: ${local.cpus}`);
    assert.ok(local.memoryBytes > 512 * 1024 * 1024, `memory: ${local.memoryBytes}`);
    assert.equal(typeof local.reserved.cpus, "number");
    assert.equal(typeof local.reserved.memoryBytes, "number");
    assert.equal(typeof local.containers, "number");
    assert.doesNotMatch(JSON.stringify(res.body), /unix:|docker\.sock|tcp:\/\//, "the engine's endpoint is not shown");
  });

  test("the join command is refused, naming the local scheduler and BERTH_SCHEDULER=swarm", async () => {
    const res = await api("POST", "/api/v1/hosts/join-command");
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.match(res.body.message, /local scheduler/);
    assert.match(res.body.message, /BERTH_SCHEDULER=swarm/);
  });

  test("unknown hosts are 404 for PATCH and DELETE", async () => {
    for (const [method, body] of [["PATCH", { drain: true }], ["DELETE", undefined]] as const) {
      const res = await api(method, "/api/v1/hosts/no-such-host", body);
      assert.equal(res.status, 404, `${method}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, /no host named "no-such-host"/);
    }
  });

  test("the one host cannot be drained, labelled or removed; it stays ready", async () => {
    const drain = await api("PATCH", "/api/v1/hosts/local", { drain: true });
    assert.equal(drain.status, 409, JSON.stringify(drain.body));
    assert.match(drain.body.message, /last ready host/);
    const label = await api("PATCH", "/api/v1/hosts/local", { labels: { zone: "a" } });
    assert.equal(label.status, 409, JSON.stringify(label.body));
    assert.match(label.body.message, /local scheduler/);
    const remove = await api("DELETE", "/api/v1/hosts/local");
    assert.equal(remove.status, 409, JSON.stringify(remove.body));
    assert.match(remove.body.message, /cannot be removed/);
    const after = await api("GET", "/api/v1/hosts");
    assert.equal(after.body[0].state, "ready");
    assert.deepEqual(after.body[0].labels, {});
  });

  test("bad bodies are 422 naming the rule", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /nothing to change/],
      [{ drain: "yes" }, /drain is true/],
      [{ drain: true, state: "down" }, /^"state" is not a field Berth knows here$/],
      [{ labels: { "berth.test-host": "1" } }, /Berth's own/],
      [{ labels: { "Bad Key": "1" } }, /label key/],
    ];
    for (const [body, message] of cases) {
      const res = await api("PATCH", "/api/v1/hosts/local", body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, message);
    }
    const malformed = await api("PATCH", "/api/v1/hosts/local", new TextEncoder().encode("{drain"), { "content-type": "application/json" });
    assert.equal(malformed.status, 422, JSON.stringify(malformed.body));
  });

  test("a non-admin gets 403 from every hosts route, and nothing changes", async () => {
    const calls: Array<[string, string, unknown]> = [
      ["GET", "/api/v1/hosts", undefined],
      ["POST", "/api/v1/hosts/join-command", undefined],
      ["PATCH", "/api/v1/hosts/local", { drain: true }],
      ["DELETE", "/api/v1/hosts/local", undefined],
      ["PATCH", "/api/v1/hosts/no-such-host", { drain: true }],
    ];
    for (const [method, route, body] of calls) {
      const res = await fetch(`${BASE}${route}`, {
        method,
        headers: { ...bob.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      assert.equal(res.status, 403, `${method} ${route}`);
      assert.match(((await res.json()) as { message: string }).message, /only an admin/);
    }
    const after = await api("GET", "/api/v1/hosts");
    assert.equal(after.body[0].state, "ready");
  });
});
