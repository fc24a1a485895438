// The API's contract for apps and auth, including every bad input the core issue names.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { api, BASE, createApp, token, uniqueName } from "../support/berth.ts";

describe("auth", () => {
  test("health needs no token", async () => {
    const res = await fetch(`${BASE}/api/v1/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  });

  test("no token, a wrong token, and wrong credentials get 401", async () => {
    assert.equal((await fetch(`${BASE}/api/v1/apps`)).status, 401);
    const wrong = await fetch(`${BASE}/api/v1/apps`, { headers: { authorization: "Bearer berth_nope" } });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: string }).error, "unauthorized");
    const login = await fetch(`${BASE}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "not-the-password" }),
    });
    assert.equal(login.status, 401);
    assert.equal((await fetch(`${BASE}/api/v1/no/such/route`)).status, 401);
  });

  test("a valid token works, and unknown routes are JSON 404s", async () => {
    assert.ok((await token()).startsWith("berth_"));
    const res = await api("GET", "/api/v1/no/such/route");
    assert.equal(res.status, 404);
    assert.equal(res.body.error, "not_found");
  });
});

describe("apps", () => {
  test("create, show, list and delete an app", async () => {
    const name = await createApp("crud");
    const shown = await api("GET", `/api/v1/apps/${name}`);
    assert.equal(shown.status, 200);
    assert.equal(shown.body.name, name);
    assert.match(shown.body.url, new RegExp(`^http://${name}\\.`));
    assert.ok((await api("GET", "/api/v1/apps")).body.some((a: { name: string }) => a.name === name));
    assert.equal((await api("DELETE", `/api/v1/apps/${name}`)).status, 204);
    assert.equal((await api("GET", `/api/v1/apps/${name}`)).status, 404);
  });

  test("invalid names get 422 and create nothing", async () => {
    for (const name of ["A", "1abc", "a", "has_underscore", "x".repeat(31), "a;rm -rf /", "$(id)", "../etc"]) {
      const res = await api("POST", "/api/v1/apps", { name });
      assert.equal(res.status, 422, name);
      assert.equal(res.body.error, "invalid");
      assert.ok(res.body.message.length > 0);
    }
    assert.equal((await api("POST", "/api/v1/apps", "not json")).status, 422);
    assert.equal((await api("POST", "/api/v1/apps", { name: "ok-name", extra: 1 })).status, 422);
  });

  test("a duplicate name gets 409, an unknown app 404", async () => {
    const name = await createApp("dup");
    const again = await api("POST", "/api/v1/apps", { name });
    assert.equal(again.status, 409);
    assert.equal(again.body.error, "conflict");
    assert.equal((await api("GET", `/api/v1/apps/${uniqueName("missing")}`)).status, 404);
    assert.equal((await api("GET", `/api/v1/apps/${uniqueName("missing")}/releases`)).status, 404);
    await api("DELETE", `/api/v1/apps/${name}`);
  });
});

describe("config vars", () => {
  test("bad names are refused with 422 and make no release", async () => {
    const name = await createApp("cfgbad");
    for (const body of [{ "1BAD": "x" }, { "A-B": "x" }, { PORT: "1" }, {}, { GOOD: 5 }]) {
      const res = await api("PATCH", `/api/v1/apps/${name}/config-vars`, body);
      assert.equal(res.status, 422, JSON.stringify(body));
    }
    assert.deepEqual((await api("GET", `/api/v1/apps/${name}/releases`)).body, []);
    await api("DELETE", `/api/v1/apps/${name}`);
  });

  test("set and unset make releases with summaries that name keys but never values", async () => {
    const name = await createApp("cfg");
    const set = await api("PATCH", `/api/v1/apps/${name}/config-vars`, { GREETING: "hi", SECRET: "s3cret" });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { GREETING: "hi", SECRET: "s3cret" });
    // the lock is released once the (build-less) release is done
    const unset = await waitForOk(() => api("PATCH", `/api/v1/apps/${name}/config-vars`, { SECRET: null }));
    assert.deepEqual(unset.body, { GREETING: "hi" });
    assert.deepEqual((await api("GET", `/api/v1/apps/${name}/config-vars`)).body, { GREETING: "hi" });
    const releases = (await api("GET", `/api/v1/apps/${name}/releases`)).body;
    assert.deepEqual(releases.map((r: { version: number }) => r.version), [2, 1]);
    assert.equal(releases[1].summary, "admin set GREETING, SECRET");
    assert.equal(releases[0].summary, "admin unset SECRET");
    assert.ok(!JSON.stringify(releases).includes("s3cret"));
    await api("DELETE", `/api/v1/apps/${name}`);
  });

  test("releases come a page at a time, newest first; bad paging is refused with 422", async () => {
    const name = await createApp("relpage");
    for (let i = 1; i <= 5; i++) await waitForOk(() => api("PATCH", `/api/v1/apps/${name}/config-vars`, { STEP: String(i) }));
    const versions = async (query: string) => {
      const res = await api("GET", `/api/v1/apps/${name}/releases${query}`);
      assert.equal(res.status, 200, query);
      return (res.body as Array<{ version: number }>).map((r) => r.version);
    };
    assert.deepEqual(await versions(""), [5, 4, 3, 2, 1]);
    assert.deepEqual(await versions("?limit=2"), [5, 4]);
    assert.deepEqual(await versions("?limit=2&before=4"), [3, 2]);
    assert.deepEqual(await versions("?before=2"), [1]);
    assert.deepEqual(await versions("?before=1"), []);
    for (const [query, message] of [
      ["?limit=0", /limit must be from 1 to 1000/],
      ["?limit=1001", /limit must be from 1 to 1000/],
      ["?limit=ten", /limit must be a whole number/],
      ["?before=-3", /before must be a whole number/],
      ["?page=2", /page/],
    ] as const) {
      const res = await api("GET", `/api/v1/apps/${name}/releases${query}`);
      assert.equal(res.status, 422, query);
      assert.match(res.body.message, message, query);
    }
    await api("DELETE", `/api/v1/apps/${name}`);
  });
});

async function waitForOk(fn: () => ReturnType<typeof api>) {
  for (let i = 0; i < 50; i++) {
    const res = await fn();
    if (res.status !== 409) return res;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("still conflicting");
}
