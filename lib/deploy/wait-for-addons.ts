// A release whose config names add-ons still being provisioned waits for them before its
// containers start: "add a Redis, then push" must not start the app against a Redis that is not
// there yet. Bounded; an add-on that fails fails the release with its reason.
import { db } from "../db.ts";
import type { BuildLog } from "../builds/build-log.ts";

const WAIT_MS = 10 * 60_000;
const POLL_MS = 500;

/** Null once every add-on attached to the app is available; else why the release cannot go on. */
export async function waitForAddons(appId: string, log: BuildLog, waitMs = WAIT_MS): Promise<string | null> {
  const started = Date.now();
  const announced = new Set<string>();
  for (;;) {
    const attached = await db.addonAttachment.findMany({ where: { appId, addon: { state: { in: ["provisioning", "failed"] } } }, include: { addon: true } });
    const failed = attached.find((a) => a.addon.state === "failed" && announced.has(a.addon.name));
    if (failed) return `the add-on ${failed.addon.name} could not be provisioned: ${failed.addon.error ?? "see its page"}`;
    const waiting = attached.filter((a) => a.addon.state === "provisioning");
    for (const a of waiting) {
      if (!announced.has(a.addon.name)) log.line(`-----> Waiting for ${a.addon.name} to be ready`);
      announced.add(a.addon.name);
    }
    if (waiting.length === 0) {
      if (announced.size) log.line(`       ${[...announced].join(", ")} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return null;
    }
    if (Date.now() - started > waitMs) {
      const bound = waitMs >= 60_000 ? `${Math.round(waitMs / 60_000)} minutes` : `${waitMs / 1000} s`;
      return `${waiting.map((a) => a.addon.name).join(", ")} did not become ready within ${bound}`;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
