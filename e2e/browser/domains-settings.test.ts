// Domains and settings in the browser: a bad hostname shows the API's reason; a domain is added,
// given a certificate (its expiry shown), redirected to HTTPS and removed; maintenance mode and the
// health check are changed; a bad health-check timeout is refused.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { api, createApp, viaRouter } from "../support/berth.ts";
import { certificateFactory } from "../support/certificates.ts";
import { admin, launch, newSession, open, screenshot, type Session } from "./support.ts";

describe("domains and settings in the dashboard", { concurrency: false, timeout: 5 * 60_000 }, () => {
  let browser: Browser;
  let s: Session;
  let page: Page;
  let app: string;
  const certs = certificateFactory();
  const hostname = `www-${Date.now().toString(36)}.example.test`;

  before(async () => {
    app = await createApp("uidom");
    browser = await launch();
    s = await newSession(browser, { login: admin() });
    page = s.page;
  });
  after(async () => {
    await browser?.close();
    certs.remove();
    await api("DELETE", `/api/v1/apps/${app}`).catch(() => undefined);
  });

  test("a domain is added, gets a certificate and an HTTPS redirect, and is removed", async (t) => {
    await open(page, `/apps/${app}/domains`);
    await page.locator(`[data-domain="${app}.berth.localhost"]`).getByText("default").waitFor();
    await page.getByLabel("Hostname").fill("not a host!");
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("alert").filter({ hasText: "is not a valid hostname" }).waitFor();
    await page.getByLabel("Hostname").fill(hostname);
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("status").filter({ hasText: `${hostname} now routes to ${app}` }).waitFor();
    const row = page.locator(`[data-domain="${hostname}"]`);
    await row.waitFor();

    const wrong = await certs.make({ names: ["other.example.test"], days: 30 });
    await row.getByRole("button", { name: "Add certificate" }).click();
    await row.getByLabel("Certificate chain (PEM)").fill(wrong.cert);
    await row.getByLabel("Private key (PEM)").fill(wrong.key);
    await row.getByRole("button", { name: "Upload certificate" }).click();
    // Not about one input (the pair does not cover the hostname): the page's banner says so.
    const banner = page.getByTestId("banner-area");
    await banner.getByRole("alert").waitFor();
    assert.match((await banner.getByRole("alert").textContent()) ?? "", new RegExp(hostname.replace(/\./g, "\\.")));

    const good = await certs.make({ names: [hostname], days: 30 });
    await row.getByLabel("Certificate chain (PEM)").fill(good.cert);
    await row.getByLabel("Private key (PEM)").fill(good.key);
    const uploadedAt = Date.now();
    await row.getByRole("button", { name: "Upload certificate" }).click();
    await banner.getByRole("status").filter({ hasText: `The certificate for ${hostname} is served now.` }).waitFor();
    t.diagnostic(`certificate served ${Date.now() - uploadedAt} ms after the upload`);
    await row.getByText(/expires in (29|30) d/).waitFor();
    await row.getByRole("button", { name: "Redirect HTTP to HTTPS" }).click();
    await row.getByText("HTTP → HTTPS").waitFor();
    await screenshot(page, "domains");

    await row.getByRole("button", { name: "Remove", exact: true }).click();
    await page.getByRole("dialog", { name: `Remove ${hostname} from ${app}?` }).getByRole("button", { name: "Remove domain" }).click();
    await row.waitFor({ state: "detached" });
    assert.equal(((await api("GET", `/api/v1/apps/${app}/domains`)).body as Array<{ hostname: string }>).some((d) => d.hostname === hostname), false);
  });

  test("maintenance mode answers visitors with 503 until it is turned off; the health check is validated", async () => {
    await open(page, `/apps/${app}/settings`);
    await page.getByRole("button", { name: "Turn on maintenance" }).click();
    await page.getByRole("status").filter({ hasText: "Maintenance mode is on" }).waitFor();
    assert.equal((await viaRouter(app)).status, 503);
    await page.getByRole("button", { name: "Turn off maintenance" }).click();
    await page.getByRole("status").filter({ hasText: "Maintenance mode is off" }).waitFor();
    assert.equal((await api("GET", `/api/v1/apps/${app}`)).body.maintenance, false);

    await page.getByLabel("Timeout (seconds)").fill("9999");
    await page.getByRole("button", { name: "Save health check" }).click();
    await page.getByRole("alert").filter({ hasText: "the health-check timeout is 1 to 300 seconds" }).waitFor();
    await page.getByLabel("Path").fill("/healthz");
    await page.getByLabel("Timeout (seconds)").fill("20");
    await page.getByRole("button", { name: "Save health check" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}`)).body.healthcheck, { path: "/healthz", timeout: 20 });
    assert.deepEqual(s.problems, []);
  });
});
