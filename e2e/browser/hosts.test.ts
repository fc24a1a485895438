// The Hosts page in real Chromium, on the local test instance: an admin finds it in the top bar and
// sees the one host, `local`, ready, with its capacity; asking for a join command says why there is
// none with the local scheduler. A user who is not an admin has no link and gets a 404.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { newUser } from "../support/berth.ts";
import { admin, launch, newSession, open, screenshot } from "./support.ts";

describe("the hosts page", { concurrency: false, timeout: 3 * 60_000 }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("an admin sees the local host and why there is no join command", async () => {
    const { page, context, problems } = await newSession(browser, { login: admin() });
    await open(page, "/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Hosts" }).click();
    await page.waitForURL("**/hosts");
    await page.getByRole("heading", { name: "Hosts", level: 1 }).waitFor();
    const row = page.locator('tr[data-host="local"]');
    await row.waitFor();
    assert.equal(await row.locator('[data-status="ready"]').count(), 1);
    assert.match(await row.innerText(), /local[\s\S]*\d+(\.\d+)? of \d+[\s\S]*GB of [\d.]+ GB/);
    assert.equal(await row.getByRole("button").count(), 0, "the local host has no drain or remove buttons");
    await page.getByRole("button", { name: "Show the join command" }).click();
    await page.getByRole("alert").filter({ hasText: "BERTH_SCHEDULER=swarm" }).waitFor();
    await screenshot(page, "hosts");
    assert.deepEqual(problems.filter((p) => !/409/.test(p)), []);
    await context.close();
  });

  test("a user who is not an admin has no Hosts link, and the page is a 404", async () => {
    const bob = await newUser("hostspage");
    const { page, context } = await newSession(browser, { login: { username: bob.username, password: bob.password } });
    await open(page, "/");
    assert.equal(await page.getByRole("link", { name: "Hosts" }).count(), 0);
    const res = await open(page, "/hosts");
    assert.equal(res?.status(), 404);
    await context.close();
  });
});
