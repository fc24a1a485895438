// Forms and navigation in the dashboard (issue 17, points 2 and 10): a refusal sits next to the
// input it names (aria-invalid, aria-describedby), banners replace each other in one area per
// page, a pasted .env names its bad line and keeps the good ones ready to save, inputs carry the
// API's limits; app page titles carry the app name, focus moves to the new page's heading, every
// confirmation is the dialog (never the browser's confirm()), and on a phone the current app tab
// is scrolled into view. Each page's JavaScript is printed (bytes as transferred).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { api, createApp, newUser } from "../support/berth.ts";
import { admin, launch, newSession, open, screenshot, scriptBytes, type Session } from "./support.ts";

/** The input is marked invalid and described by an element saying `message`. */
async function assertInvalid(page: Page, input: Locator, message: RegExp) {
  assert.equal(await input.getAttribute("aria-invalid"), "true", "the input is marked invalid");
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  assert.ok(ids.length, "the input is described by its message");
  const described = (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(" ");
  assert.match(described, message);
}

describe("forms and navigation in the dashboard", { concurrency: false, timeout: 5 * 60_000 }, () => {
  let browser: Browser;
  let s: Session;
  let page: Page;
  let app = "";
  /** Native dialogs (confirm, prompt, alert) the pages opened: there must be none. */
  const native: string[] = [];

  before(async () => {
    app = await createApp("forms");
    browser = await launch();
    s = await newSession(browser, { login: admin() });
    page = s.page;
    page.on("dialog", (d) => {
      native.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
  });
  after(async () => {
    if (app) await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
    await browser?.close();
  });

  test("a pasted .env names its bad line, changes nothing, and keeps the good lines ready to save", async () => {
    await open(page, `/apps/${app}/config`);
    console.log(`config page: ${await scriptBytes(page)} bytes of JavaScript`);
    const bulk = page.getByLabel(".env text");
    await bulk.fill("GOOD_ONE=1\n\n1BAD=x\n# a comment\nGOOD_TWO=two words");
    await page.getByRole("button", { name: "Set all" }).click();
    await page.getByRole("alert").filter({ hasText: "line 3: 1BAD: config var names are letters, digits and _" }).waitFor();
    await assertInvalid(page, bulk, /^line 3: 1BAD: config var names are letters, digits and _, not starting with a digit$/);
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/config-vars`)).body, {}, "nothing was set");
    await screenshot(page, "config-bad-line");
    await page.getByRole("button", { name: "Set the 2 good lines only" }).click();
    await page.getByRole("cell", { name: "GOOD_TWO" }).waitFor();
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/config-vars`)).body, { GOOD_ONE: "1", GOOD_TWO: "two words" });
    // What is left in the box is the line to fix, no longer marked.
    assert.equal((await bulk.inputValue()).trim(), "1BAD=x\n# a comment");
    assert.equal(await bulk.getAttribute("aria-invalid"), null);
  });

  test("each form's refusal sits next to the input it names, marked invalid, said once, and inputs carry the API's limits", async () => {
    await open(page, "/apps/new");
    const name = page.getByLabel("App name");
    assert.equal(await name.getAttribute("maxlength"), "30");
    await name.fill("1BAD-NAME");
    await page.getByRole("button", { name: "Create app" }).click();
    await page.getByRole("alert").filter({ hasText: "app names are 2-30 characters" }).waitFor();
    await assertInvalid(page, name, /app names are 2-30 characters/);
    assert.equal(await page.getByText("app names are 2-30 characters").count(), 1, "the message is shown once (not in a banner as well)");
    assert.doesNotMatch((await page.getByRole("alert").filter({ hasText: "app names" }).textContent()) ?? "", /1BAD-NAME: 1BAD-NAME|Invalid input/);

    await open(page, `/apps/${app}/domains`);
    const hostname = page.getByLabel("Hostname");
    await hostname.fill("not a host!");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("alert").filter({ hasText: "is not a valid hostname" }).waitFor();
    await assertInvalid(page, hostname, /is not a valid hostname/);

    await open(page, `/apps/${app}/settings`);
    const timeout = page.getByLabel("Timeout (seconds)");
    assert.equal(await timeout.getAttribute("min"), "1");
    assert.equal(await timeout.getAttribute("max"), "300");
    await timeout.fill("0");
    await page.getByRole("button", { name: "Save health check" }).click();
    await page.getByRole("alert").filter({ hasText: "the health-check timeout is 1 to 300 seconds" }).waitFor();
    await assertInvalid(page, timeout, /the health-check timeout is 1 to 300 seconds/);
    assert.equal(await page.getByLabel("Path").getAttribute("aria-invalid"), null, "only the input at fault is marked");
    await timeout.fill("30");
  });

  test("banners replace each other in the page's one banner area", async () => {
    await open(page, `/apps/${app}/settings`);
    await page.getByRole("button", { name: "Turn on maintenance" }).click();
    await page.getByRole("status").filter({ hasText: "Maintenance mode is on" }).waitFor();
    await page.getByRole("button", { name: "Save health check" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    assert.equal(await page.getByText("Maintenance mode is on:").count(), 0, "the first banner gave way to the second");
    assert.equal(await page.locator(".alert-ok, .alert-error").count(), 1, "one banner on the page");
    await page.getByRole("button", { name: "Turn off maintenance" }).click();
    await page.getByRole("status").filter({ hasText: "Maintenance mode is off" }).waitFor();
    assert.equal(await page.locator(".alert-ok, .alert-error").count(), 1);
  });

  test("confirmations are the dashboard's dialog, never the browser's confirm()", async () => {
    // A config var removed: asked in a dialog that Cancel leaves untouched.
    await open(page, `/apps/${app}/config`);
    const row = page.locator('tr[data-key="GOOD_ONE"]');
    await row.getByRole("button", { name: "Remove" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove GOOD_ONE?" });
    await dialog.waitFor({ timeout: 5000 });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal((await api("GET", `/api/v1/apps/${app}/config-vars`)).body.GOOD_ONE, "1");
    await row.getByRole("button", { name: "Remove" }).click();
    await dialog.getByRole("button", { name: "Remove GOOD_ONE" }).click();
    await row.waitFor({ state: "detached" });

    // A token revoked.
    const tokenName = `forms-${Date.now().toString(36)}`;
    await open(page, "/account");
    await page.getByLabel("Name", { exact: true }).fill(tokenName);
    await page.getByRole("button", { name: "Create token" }).click();
    const tokenRow = page.locator(`tr[data-token="${tokenName}"]`);
    await tokenRow.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("dialog", { name: `Revoke ${tokenName}?` }).getByRole("button", { name: "Revoke token" }).click();
    await page.getByRole("status").filter({ hasText: `Revoked ${tokenName}` }).waitFor();
    await tokenRow.waitFor({ state: "detached" });
    assert.deepEqual(native, [], "no native dialog was opened");
  });

  test("app page titles carry the app name, and focus moves to the new page's heading", async () => {
    await open(page, `/apps/${app}/config`);
    assert.equal(await page.title(), `${app} · Config · Berth`);
    await page.getByRole("navigation", { name: `${app} sections` }).getByRole("link", { name: "Logs" }).click();
    await page.waitForURL(`**/apps/${app}/logs`);
    await page.waitForFunction((t) => document.title === t, `${app} · Logs · Berth`, { timeout: 10_000 });
    await page.waitForFunction(() => document.activeElement?.tagName === "H1", undefined, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), app);
    console.log(`logs page: ${await scriptBytes(page)} bytes of JavaScript`);

    // Another user learns nothing from the title: the admin's app reads like one that does not exist.
    const other = await newUser("forms");
    const hostile = await newSession(browser, { login: { username: other.username, password: other.password } });
    try {
      const theirs = await hostile.page.goto(`/apps/${app}/config`);
      assert.equal(theirs?.status(), 404);
      const titleTheirs = (await hostile.page.title()).replace(app, "NAME");
      const none = await hostile.page.goto(`/apps/no-such-app-${Date.now().toString(36)}/config`);
      assert.equal(none?.status(), 404);
      const titleNone = (await hostile.page.title()).replace(/no-such-app-[a-z0-9]+/, "NAME");
      // The title comes from the URL alone, never from the app. Next gives a 404 page either the
      // page's title or the root one, by timing (seen both ways in one CI rehearsal), so each is one of the two.
      for (const title of [titleTheirs, titleNone]) assert.ok(["NAME · Config · Berth", "Berth"].includes(title), title);
      assert.doesNotMatch(await hostile.page.content(), /GOOD_TWO/);
    } finally {
      await hostile.context.close();
    }
  });

  test("on a phone the current app tab is scrolled into view, with a hint that more tabs lie to its left", async () => {
    const phone = await newSession(browser, { login: admin(), width: 390 });
    try {
      await open(phone.page, `/apps/${app}/settings`);
      const tab = phone.page.getByRole("navigation", { name: `${app} sections` }).getByRole("link", { name: "Settings" });
      const box = await tab.boundingBox();
      assert.ok(box, "the Settings tab is drawn");
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `the Settings tab is within the screen (x ${Math.round(box.x)}, width ${Math.round(box.width)})`);
      assert.equal(await phone.page.locator(".tabs-wrap").getAttribute("data-more-left"), "");
      await screenshot(phone.page, "phone-settings-tab");
    } finally {
      await phone.context.close();
    }
  });
});
