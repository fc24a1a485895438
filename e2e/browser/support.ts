// Helpers for the dashboard's browser tests: Debian's Chromium driven by playwright-core (no
// downloaded browser), a session per test, screenshots for reviewers, sample app archives.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { APPS_DIR, BASE } from "../support/berth.ts";

const run = promisify(execFile);
export { BASE };
export const ADMIN_PASSWORD = process.env.BERTH_ADMIN_PASSWORD ?? "";
export const SCREENSHOTS = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");
const CHROMIUM = process.env.BERTH_CHROMIUM ?? "/usr/bin/chromium";

// Quiet flags for a machine without network beyond the package mirrors (../shared/ENVIRONMENT.md).
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export async function launch(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run BERTH_WITH_CHROMIUM=1 bash scripts/setup.sh (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Page errors and failed requests the test did not expect, checked at the end. */
  problems: string[];
}

/** A fresh browser context (its own cookies); logged in through the API when a user is given. */
export async function newSession(browser: Browser, opts: { login?: { username: string; password: string }; width?: number; dark?: boolean } = {}): Promise<Session> {
  const context = await browser.newContext({ baseURL: BASE, viewport: { width: opts.width ?? 1200, height: 900 }, colorScheme: opts.dark ? "dark" : "light" });
  context.setDefaultTimeout(30_000);
  trackScripts(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  if (opts.login) {
    const res = await context.request.post("/api/v1/auth/session", { data: opts.login, headers: { origin: BASE } });
    if (res.status() !== 201) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
  }
  return { context, page, problems };
}

/** Navigates and waits until the page is interactive (see components/hydration-mark.tsx). */
export async function open(page: Page, route: string) {
  const res = await page.goto(route);
  await interactive(page);
  return res;
}

/** Reloads and waits until the page is interactive. */
export async function reload(page: Page) {
  await page.reload();
  await interactive(page);
}

/** Waits for hydration; on a busy machine (npm test runs four files at once) that can take a while. */
export async function interactive(page: Page) {
  try {
    await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
    return;
  } catch {
    // Seen only with four test files at once on two cores: a page that loaded but never ran its
    // scripts. One reload; a page that stays inert after it still fails the test.
    console.log(`${page.url()} was not interactive after 30 s (${await pageLoadState(page)}); reloading it once`);
  }
  try {
    await page.reload();
    await page.locator("html[data-hydrated]").waitFor({ state: "attached", timeout: 45_000 });
  } catch (err) {
    const scripts = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => (e as PerformanceResourceTiming).responseStatus >= 400).map((e) => e.name));
    throw new Error(`${page.url()} did not become interactive; failed resources: ${JSON.stringify(scripts)}; ${(err as Error).message}`);
  }
}

// What the browser itself did with each script of a context, for a page that does not hydrate:
// tells a request it never made, one the server never answered, and a body that never ended.
const scriptRequests = new WeakMap<BrowserContext, Map<string, string>>();

function trackScripts(context: BrowserContext) {
  const seen = new Map<string, string>();
  scriptRequests.set(context, seen);
  const at = () => new Date().toISOString().slice(11, 23);
  const note = (url: string, what: string) => seen.has(url) && seen.set(url, `${seen.get(url)}, ${what} ${at()}`);
  context.on("request", (r) => void (r.resourceType() === "script" && seen.set(r.url(), `requested ${at()}`)));
  context.on("response", (r) => void note(r.url(), `answered ${r.status()}`));
  context.on("requestfinished", (r) => void note(r.url(), "finished"));
  context.on("requestfailed", (r) => void note(r.url(), `failed (${r.failure()?.errorText})`));
}

/** What a page that did not hydrate was waiting for: its ready state and the scripts that never finished loading. */
async function pageLoadState(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const loaded = new Set(performance.getEntriesByType("resource").map((e) => e.name));
      const pending = [...document.scripts].map((s) => s.src).filter((src) => src && !loaded.has(src));
      return { text: `readyState ${document.readyState}, ${document.scripts.length} scripts, not loaded: ${JSON.stringify(pending)}`, pending };
    })
    .then(async ({ text, pending }) => {
      // Does the server answer those scripts now? Tells a request the browser never made (or lost) from a server that stalls.
      const fetched = await Promise.all(
        pending.map(async (url) => {
          const started = Date.now();
          const res = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch((err: Error) => err);
          return `${res instanceof Error ? res.message : res.status} in ${Date.now() - started} ms`;
        }),
      );
      const tracked = scriptRequests.get(page.context());
      const browser = pending.map((url) => (tracked ? (tracked.get(url) ?? "never requested") : "not tracked (a context not from newSession)"));
      return `${text}; the browser: ${browser.join("; ")} (now ${new Date().toISOString().slice(11, 23)}); fetched now: ${fetched.join(", ")}`;
    })
    .catch((err: Error) => `state unknown: ${err.message}`);
}

export const admin = () => ({ username: "admin", password: ADMIN_PASSWORD });

/** Bytes of JavaScript the page loaded (compressed, as sent). */
export const scriptBytes = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => (e as PerformanceResourceTiming).initiatorType === "script")
      .reduce((sum, e) => sum + (e as PerformanceResourceTiming).encodedBodySize, 0),
  );

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A .tar.gz of a sample app from e2e/apps, as a user would make it. */
export async function sampleArchive(sample: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-browser-"));
  const file = path.join(dir, `${sample}.tar.gz`);
  await run("tar", ["-czf", file, "-C", path.join(APPS_DIR, sample), "."]);
  return file;
}

/** A .zip of a sample app's folder (entries under `<sample>/`, as zipping a folder makes them). */
export async function sampleZip(sample: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-browser-"));
  const file = path.join(dir, `${sample}.zip`);
  await run("python3", ["-m", "zipfile", "-c", file, sample], { cwd: APPS_DIR });
  return file;
}

/** Drops a file on an element the way a browser does after a drag from the desktop. */
export async function dropFile(page: Page, selector: string, file: string, type = "application/gzip"): Promise<void> {
  const data = fs.readFileSync(file).toString("base64");
  const transfer = await page.evaluateHandle(
    ({ data, name, type }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      return dt;
    },
    { data, name: path.basename(file), type },
  );
  await page.dispatchEvent(selector, "dragover", { dataTransfer: transfer });
  await page.dispatchEvent(selector, "drop", { dataTransfer: transfer });
}

/**
 * How far the page is wider than the window (0: no sideways scrolling at this width); when it
 * is, the widest element is named, to say what to fix.
 */
export async function overflowX(page: Page): Promise<number | string> {
  return page.evaluate(() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    if (over <= 0) return 0;
    let widest = "";
    let right = 0;
    // (No inner functions: tsx would wrap them in a helper the page does not have.)
    for (const el of document.querySelectorAll("body *")) {
      // Elements inside a scrolling box (a wide table in .table-wrap) do not widen the page.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) clipped ||= getComputedStyle(p).overflowX !== "visible";
      if (clipped) continue;
      const r = el.getBoundingClientRect().right;
      if (r > right) {
        right = r;
        widest = `${el.tagName.toLowerCase()}.${(el.className || "").toString().replace(/ /g, ".")} (${Math.round(r)} px)`;
      }
    }
    return `${over} px too wide; widest: ${widest}`;
  });
}

/** Fetches through the router like the browser's address bar would (Chromium resolves *.localhost). */
export async function openInBrowser(page: Page, url: string): Promise<string> {
  const res = await page.goto(url);
  return (await res?.text()) ?? "";
}
