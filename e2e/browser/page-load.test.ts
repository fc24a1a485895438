// Dashboard page loads with a lot of data: the apps list with 100 apps, and an app with 1,000
// releases. Reports first contentful paint (Chromium's paint timing) and the API calls each page
// makes; the figures are printed as diagnostics with the login page as the baseline measured in
// the same run (a shared machine makes bare numbers meaningless). Pages are server-rendered from
// lib/ in a fixed number of queries, so they make no API calls of their own.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { api, uniqueName } from "../support/berth.ts";
import { db } from "../../lib/db.ts";
import { admin, launch, newSession, screenshot } from "./support.ts";

const APPS = 100;
const RELEASES = 1000;

describe("dashboard page loads with many apps and releases", { timeout: 10 * 60_000 }, () => {
  let browser: Browser;
  const prefix = uniqueName("load").slice(0, 16);
  const apps = Array.from({ length: APPS }, (_, i) => `${prefix}-${i}`);
  const big = apps[0]!;

  before(async () => {
    // Gently (a few writes at a time): the tests running beside this one share the SQLite file.
    for (let i = 0; i < apps.length; i += 4) {
      const created = await Promise.all(apps.slice(i, i + 4).map((name) => api("POST", "/api/v1/apps", { name })));
      for (const res of created) assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    // 1,000 releases written straight to the database: the page is measured, not the API.
    const app = await db.app.findUniqueOrThrow({ where: { name: big }, include: { configs: true } });
    const configId = app.configs[0]!.id;
    for (let from = 0; from < RELEASES; from += 100) {
      await db.release.createMany({
        data: Array.from({ length: 100 }, (_, i) => ({ appId: app.id, version: from + i + 1, configId, summary: `admin set VAR_${from + i}`, status: "succeeded", createdBy: "admin" })),
      });
      await new Promise((r) => setTimeout(r, 50));
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    // These apps were never deployed (no containers, images, repositories or routes): removing
    // their rows is all the clean-up there is, and spares 100 router reloads beside other tests.
    await db.app.deleteMany({ where: { name: { in: apps } } });
    await db.$disconnect();
  });

  test("first contentful paint and API calls per page", async (t) => {
    const s = await newSession(browser, { login: admin() });
    const visitor = await newSession(browser);
    const measure = async (route: string, ready: string, context = s.context) => {
      const paints: number[] = [];
      let apiCalls = 0;
      const count = (req: { url(): string }) => {
        if (new URL(req.url()).pathname.startsWith("/api/")) apiCalls++;
      };
      for (let i = 0; i < 3; i++) {
        const page = await context.newPage();
        page.on("request", count);
        await page.goto(route, { waitUntil: "load" });
        await page.locator(ready).first().waitFor();
        paints.push(await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN));
        if (i === 2) await screenshot(page, `load${route.replace(/[/?=]/g, "-")}`);
        await page.close();
      }
      paints.sort((a, b) => a - b);
      return { fcp: paints[1]!, apiCalls: apiCalls / 3 };
    };
    const baseline = await measure("/login", "h1", visitor.context);
    const list = await measure("/", `tr[data-app="${apps[APPS - 1]}"]`);
    const releases = await measure(`/apps/${big}/releases`, `li[data-version="${RELEASES}"]`);
    const overview = await measure(`/apps/${big}`, '[data-testid="current-release"]');
    const rows = [
      ["login page (baseline)", baseline],
      [`apps list, ${APPS}+ apps`, list],
      [`releases, ${RELEASES} releases`, releases],
      [`overview, ${RELEASES} releases`, overview],
    ] as const;
    for (const [what, m] of rows) {
      t.diagnostic(`${what}: first contentful paint ${m.fcp.toFixed(0)} ms (${(m.fcp / baseline.fcp).toFixed(2)}× the login page), ${m.apiCalls} API calls`);
    }
    for (const [what, m] of rows) {
      assert.ok(Number.isFinite(m.fcp), `${what}: no paint timing`);
      assert.equal(m.apiCalls, 0, `${what} called the API while loading`);
    }
    const s2 = await newSession(browser, { login: admin() });
    await s2.page.goto("/");
    assert.ok((await s2.page.locator(`tr[data-app^="${prefix}-"]`).count()) === APPS);
    await s2.page.goto(`/apps/${big}/releases`);
    assert.equal(await s2.page.locator("li[data-version]").count(), 200);
    // Every release can be reached: "Older releases" walks back 200 at a time down to v1.
    for (let newest = RELEASES - 200; newest > 0; newest -= 200) {
      await s2.page.getByRole("link", { name: "Older releases" }).click();
      await s2.page.locator(`li[data-version="${newest}"]`).waitFor();
      assert.equal(await s2.page.locator("li[data-version]").count(), 200);
    }
    await s2.page.locator('li[data-version="1"]').waitFor();
    assert.equal(await s2.page.getByRole("link", { name: "Older releases" }).count(), 0);
    await s2.page.getByRole("link", { name: "Newest releases" }).click();
    await s2.page.locator(`li[data-version="${RELEASES}"]`).waitFor();
    assert.equal((await s2.page.goto(`/apps/${big}/releases?before=soon`))?.status(), 404);
    await s.context.close();
    await s2.context.close();
    await visitor.context.close();
  });
});
