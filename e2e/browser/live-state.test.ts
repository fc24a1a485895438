// Pages that follow what happens without a reload (issue 17, point 1): the build page's status
// card when its log ends, the overview's current release, processes and activity as releases go
// live and processes are scaled, restarted or crash, and "Restart all", which asks first and
// says when the processes are back. Each page's JavaScript is printed (bytes as transferred).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { api, createApp, uploadSample } from "../support/berth.ts";
import { admin, launch, newSession, open, screenshot, scriptBytes, type Session } from "./support.ts";


/** e2e/apps/docker-slow-build with a file of its own, so Docker's layer cache never skips its sleep. */
const uploadSlowBuild = (app: string) => uploadSample(app, "docker-slow-build", (dir) => fs.writeFileSync(path.join(dir, "nonce.txt"), `${Date.now()} ${Math.random()}\n`));

/** The value of one stat of the build page's card ("Status", "Duration", …). */
const stat = (page: Page, label: string) => page.locator(".stat").filter({ has: page.locator(".label", { hasText: new RegExp(`^${label}$`) }) }).locator(".value");

describe("live state in the dashboard", { concurrency: false, timeout: 10 * 60_000 }, () => {
  let browser: Browser;
  let s: Session;
  let page: Page;
  let app = "";

  before(async () => {
    app = await createApp("live");
    browser = await launch();
    s = await newSession(browser, { login: admin() });
    page = s.page;
  });
  after(async () => {
    if (app) await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
    await browser?.close();
  });

  test("the build page's status, duration and image move to succeeded when its log does, without a reload", async () => {
    const id = await uploadSlowBuild(app);
    await open(page, `/apps/${app}/builds/${id}`);
    const before = (await stat(page, "Status").textContent()) ?? "";
    // The build sleeps 6 s: the page was drawn while it ran (else this test would prove nothing).
    assert.match(before, /pending|building/, `the build was already "${before}" when its page was drawn`);
    assert.equal((await stat(page, "Image").textContent())?.trim(), "—");
    console.log(`build page: ${await scriptBytes(page)} bytes of JavaScript`);
    await page.getByRole("status").filter({ hasText: "Deployed v1" }).waitFor({ timeout: 180_000 });
    await stat(page, "Status").filter({ hasText: "succeeded" }).waitFor({ timeout: 10_000 });
    assert.notEqual((await stat(page, "Duration").textContent())?.trim(), "—");
    assert.notEqual((await stat(page, "Image").textContent())?.trim(), "—");
    assert.equal((await stat(page, "Release").textContent())?.trim(), "v1");
    await screenshot(page, "live-build-page");
  });

  test("the overview's current release, processes and activity follow a new release without a reload", async () => {
    await open(page, `/apps/${app}`);
    console.log(`overview: ${await scriptBytes(page)} bytes of JavaScript`);
    await page.getByTestId("current-release").filter({ hasText: "v1" }).waitFor();
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/config-vars`, { GREETING: "live" })).status, 200);
    // The release goes live in a few seconds; the page follows within a poll or two of that.
    await page.getByTestId("current-release").filter({ hasText: "v2" }).waitFor({ timeout: 60_000 });
    await page.getByRole("table", { name: "Processes" }).getByText("v2").first().waitFor({ timeout: 15_000 });
    await page.getByRole("region", { name: "Recent activity" }).getByText(/^v2 · /).waitFor({ timeout: 15_000 });
  });

  test("scale, restart and crash events appear in the overview's activity feed", async () => {
    const feed = page.getByRole("region", { name: "Recent activity" });
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/crasher`, { quantity: 1 })).status, 200);
    await feed.getByText(/scaled crasher to 1/).waitFor({ timeout: 30_000 });
    await feed.getByText(/crasher\.1 crashed \(exit code 3\)/).first().waitFor({ timeout: 60_000 });
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/formation/crasher`, { quantity: 0 })).status, 200);
    assert.equal((await api("DELETE", `/api/v1/apps/${app}/processes/web`)).status, 202);
    await feed.getByText(/restarted web/).waitFor({ timeout: 30_000 });
    await screenshot(page, "live-overview-activity");
  });

  test('"Restart all" asks first, and its banner says when the processes are back', async () => {
    await open(page, `/apps/${app}/processes`);
    console.log(`processes page: ${await scriptBytes(page)} bytes of JavaScript`);
    const table = page.getByRole("table", { name: "Running processes" });
    await table.locator('tr[data-process="web.1"][data-state="up"]').waitFor({ timeout: 60_000 });
    const startedBefore = (await api("GET", `/api/v1/apps/${app}/processes`)).body.find((p: { name: string }) => p.name === "web.1").startedAt as string;
    await page.getByRole("button", { name: "Restart all" }).click();
    const dialog = page.getByRole("dialog", { name: "Restart all processes?" });
    await dialog.waitFor({ timeout: 5000 });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.equal(await page.getByText(/Restarting/).count(), 0, "cancelling restarted nothing");
    await page.getByRole("button", { name: "Restart all" }).click();
    await dialog.getByRole("button", { name: "Restart all" }).click();
    await page.getByRole("status").filter({ hasText: /Restarting web\.1/ }).waitFor({ timeout: 10_000 });
    await page.getByRole("status").filter({ hasText: /Restarted web\.1.*up again/ }).waitFor({ timeout: 90_000 });
    const after = (await api("GET", `/api/v1/apps/${app}/processes`)).body.find((p: { name: string }) => p.name === "web.1");
    assert.equal(after.state, "up");
    assert.notEqual(after.startedAt, startedBefore, "web.1 was replaced");
    await screenshot(page, "live-restart-all");
  });

  // Issue 17, point 2, on the same deployed app.
  test("a refused scale is a plain sentence next to the field, which is marked invalid and carries the server's limits", async () => {
    const byApi = await api("PATCH", `/api/v1/apps/${app}/formation/web`, { quantity: "2" });
    assert.equal(byApi.status, 422);
    assert.equal(byApi.body.message, "quantity must be a number");
    assert.equal(byApi.body.field, "quantity");
    await open(page, `/apps/${app}/processes`);
    const web = page.locator('[data-type="web"]');
    const input = web.getByLabel("Quantity of web");
    assert.equal(await input.getAttribute("min"), "0");
    assert.match((await input.getAttribute("max")) ?? "", /^\d+$/);
    await input.fill("-1");
    await web.getByRole("button", { name: "Save" }).click();
    const alert = web.getByRole("alert");
    await alert.filter({ hasText: "quantity must be 0 or more" }).waitFor();
    assert.doesNotMatch((await alert.textContent()) ?? "", /quantity: quantity|Invalid input|Too small/);
    assert.equal(await input.getAttribute("aria-invalid"), "true");
    const describedBy = (await input.getAttribute("aria-describedby")) ?? "";
    assert.ok(describedBy, "the input is described by its message");
    assert.match((await page.locator(`[id="${describedBy}"]`).textContent()) ?? "", /quantity must be 0 or more/);
  });
});
