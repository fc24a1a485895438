// Signing in and out, the session cookie's CSRF protection, API tokens, invitations, password
// changes and collaborators — in real Chromium, each user in a browser context of their own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { api, uniqueName } from "../support/berth.ts";
import { admin, interactive, open, reload, BASE, launch, newSession, screenshot } from "./support.ts";

describe("accounts in the dashboard", { concurrency: false, timeout: 5 * 60_000 }, () => {
  let browser: Browser;
  const appName = uniqueName("acct");
  const newUser = `u${Date.now().toString(36)}`;
  const firstPassword = "first-password-123";
  const secondPassword = "second-password-456";

  before(async () => {
    browser = await launch();
    assert.equal((await api("POST", "/api/v1/apps", { name: appName })).status, 201);
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${appName}`).catch(() => undefined);
    await browser?.close();
  });

  test("a visitor is sent to the login page; a wrong password says so; the right one opens the apps", async () => {
    const { page, context, problems } = await newSession(browser);
    await open(page, `/apps/${appName}`);
    await page.waitForURL("**/login");
    await screenshot(page, "login");
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("alert").filter({ hasText: "wrong username or password" }).waitFor();
    await page.getByLabel("Password").fill(admin().password);
    await page.getByLabel("Password").press("Enter");
    await page.waitForURL(`${BASE}/`);
    await interactive(page);
    await page.getByRole("heading", { name: "Apps" }).waitFor();
    await page.locator(`tr[data-app="${appName}"]`).waitFor();
    await screenshot(page, "apps");
    const cookie = (await context.cookies()).find((c) => c.name === "berth_session");
    assert.ok(cookie, "the session cookie is set");
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Lax");
    // The cookie alone does not make changes: the CSRF token must come along (a cross-site form
    // cannot send it), and requests from another origin are refused.
    const noCsrf = await context.request.post("/api/v1/apps", { data: { name: uniqueName("csrf") } });
    assert.equal(noCsrf.status(), 403);
    assert.match(await noCsrf.text(), /CSRF/);
    const token = await page.locator('meta[name="berth-csrf"]').getAttribute("content");
    const crossSite = await context.request.delete(`/api/v1/apps/${appName}`, { headers: { "x-csrf-token": token!, origin: "http://evil.example" } });
    assert.equal(crossSite.status(), 403);
    const reads = await context.request.get(`/api/v1/apps/${appName}`);
    assert.equal(reads.status(), 200);
    // Logging out ends the session on the server, not only in this browser.
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL("**/login?loggedOut=1");
    await page.getByRole("status").filter({ hasText: "You are logged out." }).waitFor();
    await context.addCookies([{ ...cookie, expires: -1 }]);
    assert.equal((await context.request.get(`/api/v1/apps/${appName}`)).status(), 401);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("tokens: created and shown once, they work for the API, and revoking ends them", async () => {
    const { page, context } = await newSession(browser, { login: admin() });
    await open(page, "/account");
    const name = uniqueName("tok");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = (await page.getByLabel("New API token").textContent())?.trim() ?? "";
    assert.match(secret, /^berth_/);
    const row = page.locator(`tr[data-token="${name}"]`);
    await row.waitFor();
    await screenshot(page, "account");
    const call = () => fetch(`${BASE}/api/v1/apps`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
    assert.equal(await call(), 200);
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog", { name: `Revoke ${name}?` }).getByRole("button", { name: "Revoke token" }).click();
    await page.getByRole("status").filter({ hasText: `Revoked ${name}` }).waitFor();
    await row.waitFor({ state: "detached" });
    assert.equal(await call(), 401);
    await context.close();
  });

  test("an admin invites a user, who joins, changes their password and sees only apps shared with them", async () => {
    const adminSession = await newSession(browser, { login: admin() });
    const { page } = adminSession;
    await open(page, "/users");
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const link = (await page.getByLabel("Invitation link").textContent())?.trim() ?? "";
    assert.match(link, /\/join#inv_/);
    await screenshot(page, "users");

    const invited = await newSession(browser);
    await open(invited.page, link);
    await invited.page.getByLabel("User name").fill("Bad Name");
    await invited.page.getByLabel("Password").fill(firstPassword);
    await invited.page.getByRole("button", { name: "Create account" }).click();
    await invited.page.getByRole("alert").filter({ hasText: "user names are 2-30 characters" }).waitFor();
    await invited.page.getByLabel("User name").fill(newUser);
    await invited.page.getByRole("button", { name: "Create account" }).click();
    await invited.page.waitForURL(`${BASE}/`);
    await invited.page.getByText("No apps yet.").waitFor();
    assert.equal((await invited.context.request.get(`/api/v1/apps/${appName}`)).status(), 404);
    // The link works once.
    const again = await newSession(browser);
    await open(again.page, link);
    await again.page.getByLabel("User name").fill(`${newUser}x`);
    await again.page.getByLabel("Password").fill(firstPassword);
    await again.page.getByRole("button", { name: "Create account" }).click();
    await again.page.getByRole("alert").filter({ hasText: "this invitation link is not valid" }).waitFor();
    await again.context.close();

    // The owner shares the app; a user who does not exist is refused with a clear message.
    await open(page, `/apps/${appName}/settings`);
    await page.getByLabel("User name").fill("nobody-here");
    await page.getByRole("button", { name: "Add collaborator" }).click();
    await page.getByRole("alert").filter({ hasText: "there is no user named nobody-here" }).waitFor();
    await page.getByLabel("User name").fill(newUser);
    await page.getByRole("button", { name: "Add collaborator" }).click();
    await page.getByRole("status").filter({ hasText: `${newUser} can now deploy and manage ${appName}` }).waitFor();
    await reload(invited.page);
    await invited.page.locator(`tr[data-app="${appName}"]`).waitFor();
    // A collaborator manages the app but cannot delete it.
    await open(invited.page, `/apps/${appName}/settings`);
    await invited.page.getByText(/Only admin \(the owner\) or an admin can delete/).waitFor();
    assert.equal((await invited.context.request.delete(`/api/v1/apps/${appName}`, { headers: { "x-csrf-token": (await invited.page.locator('meta[name="berth-csrf"]').getAttribute("content"))! } })).status(), 403);

    // Changing the password: a wrong current one is refused; then the old one no longer logs in.
    await open(invited.page, "/account");
    await invited.page.getByLabel("Current password").fill("wrong-password-000");
    await invited.page.getByLabel("New password", { exact: true }).fill(secondPassword);
    await invited.page.getByLabel("New password again").fill(secondPassword);
    await invited.page.getByRole("button", { name: "Change password" }).click();
    await invited.page.getByRole("alert").filter({ hasText: "the current password is wrong" }).waitFor();
    await invited.page.getByLabel("Current password").fill(firstPassword);
    await invited.page.getByLabel("New password", { exact: true }).fill(secondPassword);
    await invited.page.getByLabel("New password again").fill(secondPassword);
    await invited.page.getByRole("button", { name: "Change password" }).click();
    await invited.page.getByRole("status").filter({ hasText: "Password changed" }).waitFor();
    const old = await fetch(`${BASE}/api/v1/auth/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: newUser, password: firstPassword }) });
    assert.equal(old.status, 401);
    const fresh = await newSession(browser, { login: { username: newUser, password: secondPassword } });
    await fresh.context.close();

    // Removing the collaborator takes the app away again.
    await open(page, `/apps/${appName}/settings`);
    await page.getByRole("listitem").filter({ hasText: newUser }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("status").filter({ hasText: `${newUser} no longer collaborates` }).waitFor();
    assert.equal((await invited.context.request.get(`/api/v1/apps/${appName}`)).status(), 404);
    assert.deepEqual([...adminSession.problems, ...invited.problems], []);
    await invited.context.close();
    await adminSession.context.close();
  });

  test("a user who is not an admin cannot see the users page or invite", async () => {
    const user = await newSession(browser, { login: { username: newUser, password: secondPassword } });
    await open(user.page, "/");
    assert.equal(await user.page.getByRole("link", { name: "Users" }).count(), 0);
    const res = await open(user.page, "/users");
    assert.equal(res?.status(), 404);
    const token = await user.page.locator('meta[name="berth-csrf"]').getAttribute("content");
    const invite = await user.context.request.post("/api/v1/invitations", { data: {}, headers: { "x-csrf-token": token! } });
    assert.equal(invite.status(), 403);
    await user.context.close();
  });

  test("an admin deletes a user after typing their name; the user's logins end, and an admin has no button to delete themselves", async () => {
    const adminSession = await newSession(browser, { login: admin() });
    const { page } = adminSession;
    await open(page, "/users");
    assert.equal(await page.locator('tr[data-user="admin"]').getByRole("button", { name: "Delete" }).count(), 0);
    const row = page.locator(`tr[data-user="${newUser}"]`);
    await row.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${newUser}` });
    await dialog.getByLabel("Their apps (0) and add-ons").selectOption("");
    const confirm = dialog.getByRole("button", { name: "Delete user" });
    await dialog.getByLabel(/Type .* to confirm/).fill(`${newUser}x`);
    assert.equal(await confirm.isDisabled(), true, "the wrong name does not delete");
    await dialog.getByLabel(/Type .* to confirm/).fill(newUser);
    await screenshot(page, "delete-user");
    await confirm.click();
    await row.waitFor({ state: "detached" });
    const login = await fetch(`${BASE}/api/v1/auth/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: newUser, password: secondPassword }) });
    assert.equal(login.status, 401);
    assert.deepEqual(adminSession.problems, []);
    await adminSession.context.close();
  });
});
