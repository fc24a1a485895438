// Smaller holes of issue 12, tried as a hostile second user would: no page can be framed by
// another site; nothing in the data directory is readable by another local user; and an admin
// can delete a user (their apps go to someone named, or are deleted), which nobody else can.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { api, BASE, git, newUser, remoteUrl, uniqueName } from "../support/berth.ts";

/** A user of the shared helper's, with `as` calling the API with their token. */
async function userWithApi(prefix: string) {
  const user = await newUser(prefix);
  const as = (method: string, route: string, body?: unknown) => api(method, route, body, user.headers);
  return { ...user, as };
}

describe("accounts and the data directory", () => {
  const apps: string[] = [];
  after(async () => {
    for (const app of apps) await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
  });

  test("no page or answer of Berth's may be framed by another site", async () => {
    for (const route of ["/login", "/", "/api/v1/health", "/api/v1/apps"]) {
      const res = await fetch(`${BASE}${route}`, { redirect: "manual" });
      assert.equal(res.headers.get("x-frame-options"), "DENY", route);
      assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, route);
    }
  });

  test("nothing in the data directory is readable or writable by group or others", async () => {
    // Make sure there is a repository and an app's rows to look at.
    const app = uniqueName("modes");
    assert.equal((await api("POST", "/api/v1/apps", { name: app })).status, 201);
    apps.push(app);
    await git(process.cwd(), "ls-remote", await remoteUrl(app));
    const dir = process.env.BERTH_DATA_DIR;
    assert.ok(dir, "scripts/with-instance.sh exports BERTH_DATA_DIR");
    const open: string[] = [];
    // HAProxy writes its pid file anew, 0644, at every reload (checked by hand: chmod 600, SIGUSR2,
    // 644 again); it holds a process id, and sits in the router folder, which is 0700.
    const haproxyPid = path.join(dir, "router", "haproxy.pid");
    assert.equal(fs.statSync(path.dirname(haproxyPid)).mode & 0o077, 0, "the router folder is private");
    const walk = (p: string) => {
      const stat = fs.lstatSync(p, { throwIfNoEntry: false });
      if (!stat || stat.isSymbolicLink() || p === haproxyPid) return;
      if (stat.mode & 0o077) open.push(`${(stat.mode & 0o777).toString(8)} ${path.relative(dir, p) || "."}`);
      if (stat.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    };
    walk(dir);
    assert.ok(fs.existsSync(path.join(dir, "repos", `${app}.git`, "HEAD")));
    assert.deepEqual(open, []);
  });

  describe("deleting a user", () => {
    let mallory: Awaited<ReturnType<typeof userWithApi>>;
    before(async () => {
      mallory = await userWithApi("mallory");
    });

    test("only an admin may; anyone else gets 403 and nothing changes", async () => {
      const victim = await userWithApi("victim");
      const res = await mallory.as("DELETE", `/api/v1/users/${victim.username}`, { confirm: victim.username });
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal((await victim.as("GET", "/api/v1/apps")).status, 200, "the victim's token still works");
      assert.equal((await mallory.as("DELETE", "/api/v1/users/admin", { confirm: "admin" })).status, 403);
    });

    test("bad requests are refused with the rule named, and change nothing", async () => {
      const user = await userWithApi("keep");
      const del = (name: string, body: unknown) => api("DELETE", `/api/v1/users/${name}`, body);
      const noConfirm = await del(user.username, {});
      assert.equal(noConfirm.status, 422);
      assert.match(noConfirm.body.message, new RegExp(`confirm with \\{"confirm": "${user.username}"\\}`));
      assert.equal((await del(user.username, { confirm: "someone-else" })).status, 422);
      const unknownTarget = await del(user.username, { confirm: user.username, transferAppsTo: "nobody-at-all" });
      assert.equal(unknownTarget.status, 422);
      assert.match(unknownTarget.body.message, /transferAppsTo: no user named nobody-at-all/);
      assert.equal((await del(user.username, { confirm: user.username, transferAppsTo: user.username })).status, 422);
      assert.equal((await del(user.username, { confirm: user.username, extra: true })).status, 422);
      assert.equal((await del("nobody-at-all", { confirm: "nobody-at-all" })).status, 404);
      const self = await del("admin", { confirm: "admin" });
      assert.equal(self.status, 409);
      assert.match(self.body.message, /cannot delete your own account/);
      assert.equal((await user.as("GET", "/api/v1/apps")).status, 200, "the user is still there");
    });

    test("with transferAppsTo their apps go to that user; their tokens and logins end", async () => {
      const leaving = await userWithApi("leaving");
      const heir = await userWithApi("heir");
      const app = uniqueName("heir");
      assert.equal((await leaving.as("POST", "/api/v1/apps", { name: app })).status, 201);
      apps.push(app);
      assert.equal((await leaving.as("POST", `/api/v1/apps/${app}/collaborators`, { username: heir.username })).status, 201);
      const res = await api("DELETE", `/api/v1/users/${leaving.username}`, { confirm: leaving.username, transferAppsTo: heir.username });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, { username: leaving.username, appsDeleted: [], appsTransferred: [app], addonsDestroyed: [], transferredTo: heir.username });
      const collaborators = await heir.as("GET", `/api/v1/apps/${app}/collaborators`);
      assert.deepEqual(collaborators.body, { owner: heir.username, collaborators: [] }, "the new owner is no longer also a collaborator");
      assert.equal((await leaving.as("GET", "/api/v1/apps")).status, 401, "their API token ends");
      const login = await fetch(`${BASE}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: leaving.username, password: leaving.password }) });
      assert.equal(login.status, 401);
      const users = await api("GET", "/api/v1/users");
      assert.ok(!users.body.some((u: { username: string }) => u.username === leaving.username));
    });

    test("without transferAppsTo their apps are deleted with them", async () => {
      const leaving = await userWithApi("gone");
      const app = uniqueName("gone");
      assert.equal((await leaving.as("POST", "/api/v1/apps", { name: app })).status, 201);
      apps.push(app);
      const res = await api("DELETE", `/api/v1/users/${leaving.username}`, { confirm: leaving.username });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.appsDeleted, [app]);
      assert.equal((await api("GET", `/api/v1/apps/${app}`)).status, 404);
      assert.equal(fs.existsSync(path.join(process.env.BERTH_DATA_DIR!, "repos", `${app}.git`)), false);
      assert.equal((await leaving.as("GET", "/api/v1/apps")).status, 401);
    });
  });
});
