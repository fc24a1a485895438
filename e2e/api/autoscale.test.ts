// Autoscaling (issue 16) against a real instance: settings are validated (each bad input a 422
// naming its rule, nothing changed), shown by GET, and another user's PATCH is a 404; and a
// sample whose latency grows with concurrency (e2e/apps/slow-under-load, one request at a time)
// is scaled up by the autoscaler under a bounded loopback load, without a failed request.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { api, BASE, createApp, loadClient, newUser, token, uploadSample, waitFor } from "../support/berth.ts";

interface FormationEntry {
  type: string;
  quantity: number;
  size: string;
  autoscale: { min: number; max: number; target: Record<string, number> } | null;
}

const formation = async (app: string): Promise<FormationEntry[]> => (await api("GET", `/api/v1/apps/${app}/formation`)).body;

async function eventLines(app: string): Promise<string[]> {
  const res = await fetch(`${BASE}/api/v1/apps/${app}/log-stream?lines=200&source=berth`, { headers: { authorization: `Bearer ${await token()}`, accept: "text/plain" } });
  assert.equal(res.status, 200);
  return (await res.text()).split("\n").filter(Boolean);
}

describe("autoscale", () => {
  let app: string;
  before(async () => {
    app = await createApp("autoscale");
    await uploadSample(app, "slow-under-load");
    const release = await waitFor(`${app}'s first release to finish`, async () => {
      const r = ((await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ status: string; error: string | null }>)[0];
      return r && (r.status === "succeeded" || r.status === "failed") ? r : undefined;
    }, 180_000);
    assert.equal(release.status, "succeeded", release.error ?? "");
  });
  after(async () => {
    if (app) await api("DELETE", `/api/v1/apps/${app}`);
  });

  test("bad settings are refused with 422 naming the rule, and change nothing", async () => {
    const before = await formation(app);
    const cases: Array<[string, unknown, RegExp]> = [
      ["web", { min: 5, max: 2, target: { p95Ms: 300 } }, /min must not be more than max/],
      ["web", { min: 1, max: 500, target: { p95Ms: 300 } }, /max must be at most \d+/],
      ["web", { min: 1, max: 3, target: { memoryMb: 300 } }, /target must be exactly one of .*p95Ms.*requestsPerSecond.*cpuPercent/],
      ["web", { min: 1, max: 3, target: { p95Ms: 0 } }, /target p95Ms must be a number from 10/],
      ["web", { min: 1, max: 3, target: { cpuPercent: 1000 } }, /target cpuPercent must be a number from 5 to 100/],
      ["worker", { min: 1, max: 3, target: { p95Ms: 300 } }, /measured at the router.*worker can follow cpuPercent/],
      ["worker", { min: 1, max: 3, target: { requestsPerSecond: 20 } }, /measured at the router/],
    ];
    for (const [type, autoscale, rule] of cases) {
      const res = await api("PATCH", `/api/v1/apps/${app}/formation/${type}`, { autoscale, quantity: 1 });
      assert.equal(res.status, 422, `${JSON.stringify(autoscale)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, rule);
    }
    // A hand quantity outside the range while autoscaling is refused too.
    const outside = await api("PATCH", `/api/v1/apps/${app}/formation/web`, { autoscale: { min: 2, max: 3, target: { p95Ms: 300 } }, quantity: 5 });
    assert.equal(outside.status, 422);
    assert.match(outside.body.message, /quantity must be from 2 to 3 while web autoscales/);
    assert.deepEqual(await formation(app), before);
  });

  test("settings are shown by GET; another user's PATCH is a 404 and changes nothing", async () => {
    const set = await api("PATCH", `/api/v1/apps/${app}/formation/worker`, { autoscale: { min: 1, max: 2, target: { cpuPercent: 90 } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.autoscale, { min: 1, max: 2, target: { cpuPercent: 90 } });
    const shown = (await formation(app)).find((f) => f.type === "worker");
    assert.deepEqual(shown?.autoscale, { min: 1, max: 2, target: { cpuPercent: 90 } });

    const mallory = await newUser("asmal");
    for (const body of [{ autoscale: null }, { autoscale: { min: 1, max: 20, target: { cpuPercent: 5 } } }]) {
      const res = await fetch(`${BASE}/api/v1/apps/${app}/formation/worker`, { method: "PATCH", headers: { ...mallory.headers, "content-type": "application/json" }, body: JSON.stringify(body) });
      assert.equal(res.status, 404, await res.text());
    }
    assert.deepEqual((await formation(app)).find((f) => f.type === "worker")?.autoscale, { min: 1, max: 2, target: { cpuPercent: 90 } });

    const off = await api("PATCH", `/api/v1/apps/${app}/formation/worker`, { autoscale: null, quantity: 0 });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.autoscale, null);
    assert.ok((await eventLines(app)).some((l) => /admin turned autoscale off for worker/.test(l)));
  });

  test("p95 over target under load scales web up within 60 s, with no failed request", { timeout: 150_000 }, async () => {
    // One request at a time of 100 ms each: two clients at once make p95 ~200 ms on one container.
    const set = await api("PATCH", `/api/v1/apps/${app}/formation/web`, { autoscale: { min: 1, max: 3, target: { p95Ms: 150 } } });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const load = loadClient(app, { maxRequests: 3000 });
    const started = Date.now();
    try {
      const scaled = await waitFor("web to be scaled up", async () => {
        const web = (await formation(app)).find((f) => f.type === "web");
        return web && web.quantity > 1 ? web : undefined;
      }, 60_000);
      const decidedAfter = Date.now() - started;
      // The rollout of the new container(s) finishes under load: both containers answer.
      await waitFor("a second container to answer", async () => load.bodies.size > 1, 60_000);
      const result = await load.stop();
      console.log(`scaled web 1 → ${scaled.quantity} ${Math.round(decidedAfter / 1000)} s after the load started; ${result.total} requests, ${result.failures.length} failed`);
      assert.deepEqual(result.failures, []);
      const events = await eventLines(app);
      assert.ok(
        events.some((l) => new RegExp(`autoscaler: web 1 → ${scaled.quantity}, p95 \\d+ ms over 150 ms for 30 s`).test(l)),
        `the decision is an event with its reason:\n${events.join("\n")}`,
      );
    } finally {
      await load.stop();
    }
  });
});
