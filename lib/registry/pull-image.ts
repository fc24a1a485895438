// Makes sure a node's engine has a release image before a container of it starts there: a host
// that never saw the image pulls it from the registry. The pull is bounded in time, and callers
// starting several containers of one image on one host at once share one pull.
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { registryHost } from "./registry-reference.ts";

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export interface EnsureResult {
  /** false when the host had the image already. */
  pulled: boolean;
  ms: number;
}

const inFlight = new Map<string, Promise<EnsureResult>>();

/**
 * Ensures HOST's engine has REFERENCE (`<registry>/<repo>:<tag>` or `<registry>/<repo>@sha256:…`,
 * in the configured registry only). Rejects naming the host, the image and the reason, also when
 * the pull takes longer than opts.timeoutMs (5 min).
 */
export async function ensureImageOn(host: HostRef, reference: string, opts: { timeoutMs?: number } = {}): Promise<EnsureResult> {
  const registry = registryHost();
  if (!reference.startsWith(`${registry}/`) || !/^[a-z0-9._/:@-]+$/.test(reference)) {
    throw new BerthError("invalid", `${JSON.stringify(reference)} is not an image of the registry ${registry}: nodes pull release images from it only`);
  }
  const key = `${host.endpoint} ${reference}`;
  const running = inFlight.get(key);
  if (running) return running;
  const ensure = ensureOnce(host, reference, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS).finally(() => inFlight.delete(key));
  inFlight.set(key, ensure);
  return ensure;
}

async function ensureOnce(host: HostRef, reference: string, timeoutMs: number): Promise<EnsureResult> {
  const started = Date.now();
  const fail = (reason: string) => new BerthError("unavailable", `pulling ${reference} onto host ${host.id} (${host.endpoint}) failed: ${reason}`);
  const present = await hasImage(host, reference).catch((err) => Promise.reject(fail(engineReason(err))));
  if (present) return { pulled: false, ms: Date.now() - started };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    await runtimeFor(host).pullImage(reference, abort.signal);
  } catch (err) {
    if (abort.signal.aborted) throw fail(`it took longer than ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`);
    throw fail(engineReason(err));
  } finally {
    clearTimeout(timer);
  }
  // The engine said done: it must have the image now (a pull can end without one, e.g. a platform mismatch).
  if (!(await hasImage(host, reference))) throw fail("the engine finished the pull but has no such image");
  return { pulled: true, ms: Date.now() - started };
}

async function hasImage(host: HostRef, reference: string): Promise<boolean> {
  return (await runtimeFor(host).imageId(reference)) !== null;
}

/** The engine's own message (e.g. "manifest for … not found: manifest unknown"), without dockerode's "(HTTP code 404) unexpected - " prefix. */
function engineReason(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string; code?: string };
  const message = e.json?.message ?? e.message ?? String(err);
  const reason = message.replace(/^\(HTTP code \d+\)[^-]*- /, "").trim();
  if (e.code === "ECONNREFUSED" || e.code === "ENOENT") return `its engine does not answer (${e.code})`;
  // An engine that does not trust a plain-HTTP registry says "http: server gave HTTP response to HTTPS client"
  if (/HTTP response to HTTPS client/.test(reason) && settings.registryInsecure) return `${reason} (the node's engine needs "insecure-registries": ["${registryHost()}"] in its daemon.json)`;
  return reason;
}
