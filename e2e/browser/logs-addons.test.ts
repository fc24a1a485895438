// Logs, metrics and add-ons in the browser: the live tail shows what the app prints and its
// filters, search and pause work; the metrics charts draw; one click provisions Redis, REDIS_URL
// appears in the config and the app counts through it; a backup is taken and downloadable; the
// add-on is destroyed by typing its name.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { api, createApp, waitFor } from "../support/berth.ts";
import { admin, open, reload, launch, newSession, sampleArchive, screenshot, type Session } from "./support.ts";

const openTab = (page: Page, name: string) => page.getByRole("navigation", { name: /sections$/ }).getByRole("link", { name, exact: true }).click();

async function liveRelease(app: string, atLeast: number) {
  return waitFor(`a live release ≥ v${atLeast} of ${app}`, async () => {
    const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ version: number; status: string }>;
    const newest = releases[0];
    return newest && newest.version >= atLeast && newest.status === "succeeded" ? newest : undefined;
  }, 180_000);
}

describe("logs, metrics and add-ons in the dashboard", { concurrency: false, timeout: 15 * 60_000 }, () => {
  let browser: Browser;
  let s: Session;
  let page: Page;
  let app: string;

  before(async () => {
    app = await createApp("uilog");
    assert.equal((await api("PATCH", `/api/v1/apps/${app}/config-vars`, { TICK_MS: "300" })).status, 200);
    // Before any build, the config's release is recorded with nothing to run.
    await waitFor("v1 to be recorded", async () => ((await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ status: string }>)[0]?.status === "unbuilt");
    const upload = await api("POST", `/api/v1/apps/${app}/builds`, new Uint8Array(fs.readFileSync(await sampleArchive("log-ticker"))), { "content-type": "application/gzip" });
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    await liveRelease(app, 2);
    browser = await launch();
    s = await newSession(browser, { login: admin() });
    page = s.page;
  });
  after(async () => {
    await browser?.close();
    await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
  });

  test("the live tail shows the app's lines; source and process filters, search and pause work", async () => {
    await open(page, `/apps/${app}/logs`);
    const log = page.getByRole("log", { name: "Log lines" });
    await log.locator('[data-source="app"]').filter({ hasText: /tick web\.1 \d+/ }).first().waitFor({ timeout: 60_000 });
    await page.locator('[data-connection="live"]').waitFor();
    await screenshot(page, "logs");
    // Only the app's own lines, then none of them.
    await page.getByLabel("app", { exact: true }).uncheck();
    await waitFor("app lines to go", async () => (await log.locator('[data-source="app"]').count()) === 0, 20_000);
    await page.getByLabel("app", { exact: true }).check();
    await log.locator('[data-source="app"]').first().waitFor({ timeout: 30_000 });
    // A process that does not run shows none of web's lines; a malformed one is refused.
    await page.getByPlaceholder("process: web or web.1").fill("Not A Process");
    await page.getByPlaceholder("process: web or web.1").press("Enter");
    await page.getByRole("alert").filter({ hasText: "a process type like web" }).waitFor();
    await page.getByPlaceholder("process: web or web.1").fill("worker");
    await page.getByPlaceholder("process: web or web.1").press("Enter");
    await waitFor("web lines to go", async () => (await log.getByText(/tick web\.1/).count()) === 0, 20_000);
    await page.getByPlaceholder("process: web or web.1").fill("web");
    await page.getByPlaceholder("process: web or web.1").press("Enter");
    await log.getByText(/tick web\.1/).first().waitFor({ timeout: 30_000 });
    // Search within the loaded lines.
    await page.getByLabel("Search the loaded lines").fill("tick web.1");
    await page.getByRole("status").filter({ hasText: /\d+ of \d+ loaded lines match/ }).waitFor();
    await page.getByLabel("Search the loaded lines").fill("");
    // Paused, new lines wait; resuming shows them.
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: /Resume \(\d+ new\)/ }).waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: /Resume/ }).click();
    await page.getByRole("button", { name: "Pause" }).waitFor();
    assert.deepEqual(s.problems, []);
  });

  test("the metrics page draws its charts for 1 h and 24 h", async () => {
    await openTab(page, "Metrics");
    for (const title of ["Requests per second", "Responses by status", "Latency", "CPU per process", "Memory per process"]) {
      await page.locator("figcaption").filter({ hasText: title }).waitFor();
    }
    // The sampler writes every 10 s: within a minute the web process has a memory figure.
    await waitFor("a memory sample", async () => {
      await reload(page);
      return (await page.locator("figure").filter({ hasText: "Memory per process" }).locator("svg path").count()) > 0;
    }, 90_000);
    await screenshot(page, "metrics");
    await page.getByRole("button", { name: "Last 24h" }).click();
    await page.locator("figcaption").filter({ hasText: "Requests per second" }).waitFor();
    assert.equal(await page.locator(".alert-error").count(), 0);
  });

  test("one click provisions Redis; REDIS_URL appears and the app counts through it", async () => {
    await openTab(page, "Add-ons");
    await page.locator('[data-service="redis"]').getByRole("button", { name: "Add redis" }).click();
    const card = page.locator("article[data-addon]").first();
    await card.waitFor();
    const name = (await card.getAttribute("data-addon"))!;
    await card.getByRole("status").filter({ hasText: "Available" }).waitFor({ timeout: 240_000 });
    await card.getByRole("button", { name: "Show credentials" }).click();
    assert.match((await card.getByLabel(`${name} URL`).textContent()) ?? "", /^redis:\/\//);
    await screenshot(page, "addons");
    await openTab(page, "Config");
    await page.locator('tr[data-key="REDIS_URL"]').waitFor();
    const releases = (await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ version: number }>;
    await liveRelease(app, releases[0]!.version);
    await openTab(page, "Processes");
    const counter = [
      "import os,socket,time,urllib.parse as p",
      "u=p.urlparse(os.environ['REDIS_URL'])",
      "s=socket.create_connection((u.hostname,u.port or 6379),timeout=5)",
      "s.sendall((('AUTH '+p.unquote(u.password)+'\\r\\n') if u.password else '').encode()+b'INCR counter\\r\\nINCR counter\\r\\n')",
      "time.sleep(0.5)",
      "print('counted', s.recv(1000).decode().split())",
    ].join(";");
    await page.getByLabel("Command", { exact: true }).fill(`python3 -c "${counter}"`);
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await page.getByTestId("exit-code").filter({ hasText: "Exited with code 0" }).waitFor({ timeout: 60_000 });
    assert.match((await page.getByLabel("Command output").textContent()) ?? "", /counted \[(?:'\+OK', )?':1', ':2'\]/);

    // A backup on demand, then downloadable.
    await openTab(page, "Add-ons");
    const card2 = page.locator(`article[data-addon="${name}"]`);
    await card2.locator("summary").filter({ hasText: "Backups" }).click();
    await card2.getByRole("button", { name: "Back up now" }).click();
    const download = card2.getByRole("link", { name: "Download" }).first();
    // A refusal or a failed backup shows why: fail with that, not with a time-out.
    const trouble = page.getByTestId("banner-area").locator(".alert-error").or(card2.locator('[data-status="failed"]'));
    await download.or(trouble).first().waitFor({ timeout: 120_000 });
    if (!(await download.isVisible())) {
      await screenshot(page, "failure-backup");
      assert.fail(`the backup did not succeed: ${await trouble.first().locator("xpath=ancestor-or-self::*[self::tr or contains(@class,'alert')][1]").textContent()}`);
    }
    const res = await s.context.request.get((await download.getAttribute("href"))!);
    assert.equal(res.status(), 200);
    assert.ok((await res.body()).length > 0);

    // Destroying needs the name typed; then the add-on and REDIS_URL are gone.
    await card2.locator("summary").filter({ hasText: `Destroy ${name}` }).click();
    const destroy = card2.getByRole("button", { name: "Destroy add-on" });
    await card2.getByLabel(/to destroy it and its data/).fill("wrong");
    assert.equal(await destroy.isDisabled(), true);
    await card2.getByLabel(/to destroy it and its data/).fill(name);
    await destroy.click();
    await card2.waitFor({ state: "detached", timeout: 120_000 });
    await openTab(page, "Config");
    await page.getByRole("heading", { name: "Config vars" }).waitFor();
    assert.equal(await page.locator('tr[data-key="REDIS_URL"]').count(), 0);
    assert.deepEqual(s.problems, []);
  });
});
