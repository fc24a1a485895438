// The journey of one app through the dashboard, in real Chromium against a real Berth: create it
// and see the git commands, deploy by drag-and-drop and by the file picker with the build log live,
// open it through the router, change config, scale, restart, run a one-off command, roll back and
// delete it by typing its name. Bad input along the way shows the API's message.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { api, uniqueName } from "../support/berth.ts";
import { admin, open, dropFile, launch, newSession, openInBrowser, overflowX, sampleArchive, sampleZip, screenshot, type Session } from "./support.ts";

describe("an app's life in the dashboard", { concurrency: false, timeout: 15 * 60_000 }, () => {
  let browser: Browser;
  let s: Session;
  let page: Page;
  const app = uniqueName("ui");
  let appUrl = "";

  before(async () => {
    browser = await launch();
    s = await newSession(browser, { login: admin() });
    page = s.page;
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
    await browser?.close();
  });

  test("creating an app refuses a bad name, then shows the git commands", async () => {
    await open(page, "/");
    await page.getByRole("link", { name: "Create app" }).first().click();
    await page.getByLabel("App name").fill("Not_A_Name");
    await page.getByRole("button", { name: "Create app" }).click();
    await page.getByRole("alert").filter({ hasText: "app names are 2-30 characters" }).waitFor();
    await page.getByLabel("App name").fill(app);
    await page.getByRole("button", { name: "Create app" }).click();
    await page.waitForURL(`**/apps/${app}/deploy?created=1`);
    const commands = await page.getByLabel("git commands").textContent();
    assert.match(commands ?? "", new RegExp(`git remote add berth "http://berth:\\$BERTH_TOKEN@[^/]+/git/${app}\\.git"`));
    assert.match(commands ?? "", /git push berth main/);
    appUrl = (await page.locator(".page-head a.mono").textContent()) ?? "";
    assert.match(appUrl, new RegExp(`^http://${app}\\.`));
    await screenshot(page, "deploy-new-app");
  });

  test("a file that is not a .tar.gz, and a broken archive, are refused with a clear message", async () => {
    const notes = `${await sampleArchive("docker-hello")}.txt`;
    const fs = await import("node:fs");
    fs.writeFileSync(notes, "just text");
    await page.locator("#source-file").setInputFiles(notes);
    await page.getByRole("alert").filter({ hasText: "is not a .tar.gz or .zip archive" }).waitFor();
    const broken = notes.replace(/\.txt$/, "-broken.tar.gz");
    fs.writeFileSync(broken, "this is not gzip");
    await page.locator("#source-file").setInputFiles(broken);
    const alert = page.locator(".alert-error");
    await alert.waitFor();
    assert.doesNotMatch((await alert.textContent()) ?? "", /is not a \.tar\.gz or \.zip archive|answered 500/);
  });

  test("dropping a .tar.gz builds it with a live log that ends deployed, and the app answers", async () => {
    await dropFile(page, '[data-testid="dropzone"]', await sampleArchive("docker-hello"));
    const log = page.getByLabel("Build output");
    // The log streams while the build runs: the first step shows before the outcome does.
    await log.getByText(/-----> Building .* from an upload/).waitFor({ timeout: 60_000 });
    await page.getByRole("status").filter({ hasText: "Deployed v1" }).waitFor({ timeout: 180_000 });
    assert.match((await log.textContent()) ?? "", /deployed to Berth/);
    await screenshot(page, "deploy-build-log");
    const tab = await s.context.newPage();
    assert.match(await openInBrowser(tab, appUrl), /hello from docker v1/);
    await tab.close();
  });

  test("the apps list, the overview and the builds list show the deploy", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Apps", exact: true }).click();
    const row = page.locator(`tr[data-app="${app}"]`);
    await row.locator('[data-status="running"]').waitFor();
    assert.match((await row.textContent()) ?? "", /v1/);
    await row.getByRole("link", { name: app, exact: true }).click();
    await page.getByTestId("current-release").filter({ hasText: "v1" }).waitFor();
    await screenshot(page, "app-overview");
    await openTab(page, "Builds");
    const build = page.getByRole("table", { name: "Builds" }).locator("tbody tr").first();
    await build.getByText("succeeded").waitFor();
    assert.match((await build.textContent()) ?? "", /dockerfile/);
    await screenshot(page, "builds");
  });

  test("the file picker deploys a .zip too, repacked in the browser (v2)", async () => {
    await openTab(page, "Deploy");
    await page.locator("#source-file").setInputFiles(await sampleZip("docker-hello"));
    await page.getByRole("status").filter({ hasText: "Deployed v2" }).waitFor({ timeout: 180_000 });
  });

  test("config: a bad name shows the API's message; setting a var makes a release that goes live", async () => {
    await openTab(page, "Config");
    await page.getByLabel("Name", { exact: true }).fill("1BAD");
    await page.getByLabel("Value", { exact: true }).fill("x");
    await page.getByRole("button", { name: "Set var" }).click();
    await page.getByRole("alert").filter({ hasText: "config var names are letters, digits and _" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("GREETING");
    await page.getByLabel("Value", { exact: true }).fill("hello from the dashboard");
    await page.getByRole("button", { name: "Set var" }).click();
    await page.getByRole("status").filter({ hasText: "Set GREETING: v3 is live" }).waitFor({ timeout: 120_000 });
    const row = page.locator('tr[data-key="GREETING"]');
    assert.match((await row.textContent()) ?? "", /••••/);
    await row.getByRole("button", { name: "Reveal" }).click();
    await row.getByText("hello from the dashboard").waitFor();
    await screenshot(page, "config");
    const tab = await s.context.newPage();
    assert.match(await openInBrowser(tab, `${appUrl}env`), /hello from the dashboard/);
    await tab.close();
    await openTab(page, "Releases");
    await page.locator('li[data-version="3"]').getByText("admin set GREETING").waitFor();
  });

  test("processes: a bad scale is refused; scaling web to 2 brings two up; restart all", async () => {
    await openTab(page, "Processes");
    const web = page.locator('[data-type="web"]');
    await web.getByLabel("Quantity of web").fill("-1");
    await web.getByRole("button", { name: "Save" }).click();
    await web.getByRole("alert").filter({ hasText: "quantity must be 0 or more" }).waitFor();
    await web.getByLabel("Quantity of web").fill("2");
    await web.getByRole("button", { name: "Save" }).click();
    await page.getByRole("status").filter({ hasText: "web scaled to 2 × standard" }).waitFor();
    const upWeb = page.locator('tr[data-process^="web."][data-state="up"]');
    await waitForCount(upWeb, 2, 90_000);
    await page.getByRole("button", { name: "Restart all" }).click();
    await page.getByRole("dialog", { name: "Restart all processes?" }).getByRole("button", { name: "Restart all" }).click();
    await page.getByRole("status").filter({ hasText: /Restarting web\.1, web\.2|Restarting web\.2, web\.1/ }).waitFor();
    await page.getByRole("status").filter({ hasText: /Restarted web\.[12], web\.[12]: all up again/ }).waitFor({ timeout: 90_000 });
    await waitForCount(upWeb, 2, 90_000);
    await screenshot(page, "processes");
  });

  test("a one-off command streams its output and exit code", async () => {
    await page.getByLabel("Command", { exact: true }).fill(`python3 -c "import os; print('one-off says', os.environ['GREETING'])"; exit 3`);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByTestId("exit-code").filter({ hasText: "Exited with code 3" }).waitFor({ timeout: 60_000 });
    assert.match((await page.getByLabel("Command output").textContent()) ?? "", /one-off says hello from the dashboard/);
  });

  test("rolling back to v2 asks first, then makes v4 live without the var", async () => {
    await openTab(page, "Releases");
    await screenshot(page, "releases");
    const v2 = page.locator('li[data-version="2"]');
    await v2.getByRole("button", { name: "Roll back to v2" }).click();
    const dialog = page.getByRole("dialog", { name: "Roll back to v2?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    assert.equal(await page.locator('li[data-version="4"]').count(), 0);
    await v2.getByRole("button", { name: "Roll back to v2" }).click();
    await dialog.getByRole("button", { name: "Roll back to v2" }).click();
    await page.getByRole("status").filter({ hasText: "Rolled back to v2: v4 is live" }).waitFor({ timeout: 120_000 });
    await page.locator('li[data-version="4"]').getByText("admin rolled back to v2").waitFor();
    const tab = await s.context.newPage();
    assert.match(await openInBrowser(tab, `${appUrl}env`), /\(unset\)/);
    await tab.close();
  });

  test("pages fit a 360 px wide screen, in dark mode too", async () => {
    const narrow = await newSession(browser, { login: admin(), width: 360, dark: true });
    for (const [route, name] of [["/", "apps-360"], [`/apps/${app}`, "overview-360"], [`/apps/${app}/processes`, "processes-360"], [`/apps/${app}/config`, "config-360"]] as const) {
      await open(narrow.page, route);
      await narrow.page.locator("main h1, main h2").first().waitFor();
      assert.equal(await overflowX(narrow.page), 0, `${route} scrolls sideways at 360 px`);
      await screenshot(narrow.page, name);
    }
    assert.deepEqual(narrow.problems, []);
    await narrow.context.close();
  });

  test("deleting the app needs its name typed, then it is gone", async () => {
    await openTab(page, "Settings");
    const del = page.getByRole("button", { name: "Delete app" });
    await page.getByLabel(/Type .* to confirm/).fill(`${app}x`);
    assert.equal(await del.isDisabled(), true);
    await page.getByLabel(/Type .* to confirm/).fill(app);
    await screenshot(page, "settings");
    await del.click();
    await page.waitForURL(`**/?deleted=${app}`, { timeout: 120_000 });
    await page.getByRole("status").filter({ hasText: `The app ${app} was deleted.` }).waitFor();
    assert.equal(await page.locator(`tr[data-app="${app}"]`).count(), 0);
    assert.equal((await api("GET", `/api/v1/apps/${app}`)).status, 404);
    assert.deepEqual(s.problems, []);
  });
});

/** Opens one of the app's tabs. */
const openTab = (page: Page, name: string) => page.getByRole("navigation", { name: /sections$/ }).getByRole("link", { name, exact: true }).click();

async function waitForCount(locator: import("playwright-core").Locator, n: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} of ${locator}, found ${await locator.count()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
