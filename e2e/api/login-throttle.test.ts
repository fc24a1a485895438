// Failed logins are throttled per (user name, address): after ten in the window, the token and
// session endpoints answer 429 for that name from that address, the right password included; a
// success before that clears the count. An attacker elsewhere cannot lock a user out: per address
// (50 across names) and per name from addresses that never logged in as it (100) are the other
// bounds. Users of their own (invited by the admin), so no other test's logins are refused; the
// attackers call from other loopback addresses (every 127.x.y.z is on lo).
import assert from "node:assert/strict";
import http from "node:http";
import { before, describe, test } from "node:test";
import { api, BASE } from "../support/berth.ts";

const post = (route: string, body: unknown) =>
  fetch(`${BASE}${route}`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify(body) });

/** A POST whose connection leaves from `localAddress`. */
function postFrom(localAddress: string, route: string, body: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; retryAfter: number; message: string }>((resolve, reject) => {
    const req = http.request(`${BASE}${route}`, { method: "POST", localAddress, agent: false, headers: { "content-type": "application/json", origin: BASE, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        let message = "";
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? "";
        } catch {
          message = text;
        }
        resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers["retry-after"] ?? 0), message });
      });
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const statusCounts = (statuses: number[]) => statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {});

describe("login throttle", () => {
  const username = `throttled${Date.now() % 1_000_000}`;
  const password = `pw-${Date.now()}-throttle`;

  const invite = async (name: string) => {
    const invitation = await api("POST", "/api/v1/invitations", {});
    assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
    assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username: name, password })).status, 201);
  };

  before(() => invite(username));

  /** A user who logged in once from 127.0.0.1 (their usual place); returns their API token. */
  const victim = async (name: string) => {
    await invite(name);
    const login = await post("/api/v1/auth/token", { username: name, password });
    assert.equal(login.status, 201);
    return ((await login.json()) as { token: string }).token;
  };

  test("a success clears the count; ten failures refuse the name, right password or not, with a clear message", async () => {
    for (let i = 0; i < 9; i++) assert.equal((await post("/api/v1/auth/token", { username, password: "wrong" })).status, 401);
    assert.equal((await post("/api/v1/auth/token", { username, password })).status, 201, "nine failures are not yet too many");
    for (let i = 0; i < 10; i++) assert.equal((await post("/api/v1/auth/token", { username, password: `wrong-${i}` })).status, 401, `failure ${i + 1} after the success`);

    const refused = await post("/api/v1/auth/token", { username, password });
    assert.equal(refused.status, 429);
    assert.match(((await refused.json()) as { message: string }).message, new RegExp(`too many failed logins for ${username}; try again in 15 minutes`));
    assert.ok(Number(refused.headers.get("retry-after")) > 800);
    assert.equal((await post("/api/v1/auth/session", { username, password })).status, 429, "the dashboard's login too");
    // Other names are not affected.
    assert.equal((await post("/api/v1/auth/token", { username: "admin", password: process.env.BERTH_ADMIN_PASSWORD })).status, 201);
  });

  test("guesses sent all at once are counted too: no more than ten get an answer", async () => {
    const burst = `${username}b`;
    await invite(burst);
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => post("/api/v1/auth/token", { username: burst, password: `guess-${i}` }).then((r) => r.status)));
    assert.equal(statuses.filter((s) => s === 401).length, 10, statuses.join(" "));
    assert.equal(statuses.filter((s) => s === 429).length, 20, statuses.join(" "));
  });

  test("an attacker elsewhere who locks a name out locks out only themselves: the user still logs in from where they did, and their token works", async () => {
    const name = `${username}v`;
    const token = await victim(name);
    for (let i = 0; i < 10; i++) assert.equal((await postFrom("127.0.0.2", "/api/v1/auth/token", { username: name, password: `guess-${i}` })).status, 401);
    const refused = await postFrom("127.0.0.2", "/api/v1/auth/token", { username: name, password });
    assert.equal(refused.status, 429, "the attacker's address is refused, the right password included");
    assert.match(refused.message, new RegExp(`too many failed logins for ${name}; try again in 15 minutes`));
    assert.ok(refused.retryAfter > 800);

    assert.equal((await post("/api/v1/auth/token", { username: name, password })).status, 201, "the victim logs in from 127.0.0.1");
    assert.equal((await post("/api/v1/auth/session", { username: name, password })).status, 201, "and into the dashboard");
    const apps = await fetch(`${BASE}/api/v1/apps`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(apps.status, 200, "API tokens are never throttled");
  });

  test("an attacker is counted by the address it calls from, whatever x-forwarded-for or x-berth-client-address say", async () => {
    const name = `${username}s`;
    await victim(name);
    // Claiming to be the victim's own address must neither lock the victim out nor unlock the attacker.
    for (let i = 0; i < 10; i++) {
      const spoofed = { "x-berth-client-address": "127.0.0.1", "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1" };
      assert.equal((await postFrom("127.0.0.3", "/api/v1/auth/token", { username: name, password: `guess-${i}` }, spoofed)).status, 401);
    }
    assert.equal((await post("/api/v1/auth/token", { username: name, password })).status, 201, "the victim is not locked out by guesses that claimed its address");
    for (const claimed of ["127.0.0.1", "10.9.8.7", "::1"]) {
      const headers = { "x-berth-client-address": claimed, "x-forwarded-for": `${claimed}, 10.0.0.${claimed.length}` };
      assert.equal((await postFrom("127.0.0.3", "/api/v1/auth/token", { username: name, password: "guess-again" }, headers)).status, 429, `claiming ${claimed} does not help`);
    }
  });

  test("one address cannot spread its guesses over many names: 50 failures in all, then 429 for every name from there", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `${username}n${i}`);
    const statuses = await Promise.all(names.flatMap((name) => Array.from({ length: 5 }, (_, i) => postFrom("127.0.0.4", "/api/v1/auth/token", { username: name, password: `guess-${i}` }).then((r) => r.status))));
    assert.deepEqual(statusCounts(statuses), { 401: 50 });
    const refused = await postFrom("127.0.0.4", "/api/v1/auth/token", { username: `${username}fresh`, password: "guess" });
    assert.equal(refused.status, 429);
    assert.match(refused.message, /too many failed logins from your address; try again in 15 minutes/);
    assert.equal((await postFrom("127.0.0.5", "/api/v1/auth/token", { username: names[0], password: "guess" })).status, 401, "another address is not refused");
  });

  test("guessing at one name from many addresses stops at 100 failures, but not for an address the user logged in from", async () => {
    const name = `${username}d`;
    const token = await victim(name);
    // 11 addresses × 10 guesses: each pair is under its bound, the name's bound stops the rest.
    const statuses = await Promise.all(
      Array.from({ length: 11 }, (_, a) => Array.from({ length: 10 }, (_, i) => postFrom(`127.0.1.${a + 1}`, "/api/v1/auth/token", { username: name, password: `guess-${a}-${i}` }).then((r) => r.status))).flat(),
    );
    assert.deepEqual(statusCounts(statuses), { 401: 100, 429: 10 });
    const fresh = await postFrom("127.0.1.50", "/api/v1/auth/session", { username: name, password });
    assert.equal(fresh.status, 429, "an address that never logged in as the user is refused");
    assert.match(fresh.message, new RegExp(`too many failed logins for ${name} from addresses that have not logged in as ${name}`));
    assert.equal((await post("/api/v1/auth/session", { username: name, password })).status, 201, "the user's own address still logs in");
    assert.equal((await fetch(`${BASE}/api/v1/apps`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  });
});
