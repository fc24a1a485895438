// Failed logins are throttled per user name: after ten in the window, the token and session
// endpoints answer 429 for that name, the right password included; a success before that clears
// the count. A user of its own (invited by the admin), so no other test's logins are refused.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { api, BASE } from "../support/berth.ts";

const post = (route: string, body: unknown) =>
  fetch(`${BASE}${route}`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: JSON.stringify(body) });

describe("login throttle", () => {
  const username = `throttled${Date.now() % 1_000_000}`;
  const password = `pw-${Date.now()}-throttle`;

  const invite = async (name: string) => {
    const invitation = await api("POST", "/api/v1/invitations", {});
    assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
    assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username: name, password })).status, 201);
  };

  before(() => invite(username));

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
});
