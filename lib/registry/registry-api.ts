// The registry's HTTP API (Docker Registry v2): the few calls Berth makes itself — a manifest's
// digest and config, an app's tags, deleting a manifest. Pushes go through skopeo
// (push-image.ts), pulls through each node's engine (pull-image.ts).
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { registryHost } from "./registry-reference.ts";

/** The one manifest type skopeo pushes and the engines pull; asking for it also gives its digest. */
export const MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
const TIMEOUT_MS = 15_000;

export interface ManifestInfo {
  /** The manifest's digest: what a DELETE names, and what `repo@sha256:…` pins. */
  digest: string;
  /** The image config's digest, which is the image id on an engine. */
  configDigest?: string;
}

const baseUrl = () => `${settings.registryInsecure ? "http" : "https"}://${registryHost()}/v2`;

async function call(method: string, path: string, accept?: string): Promise<Response> {
  const url = `${baseUrl()}/${path}`;
  try {
    return await fetch(url, {
      method,
      headers: accept ? { accept } : {},
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const reason = (err as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : ((err as { cause?: Error }).cause?.message ?? (err as Error).message);
    throw new BerthError("unavailable", `the registry ${registryHost()} did not answer ${method} ${path}: ${reason}`);
  }
}

async function failure(res: Response, what: string): Promise<BerthError> {
  const text = (await res.text().catch(() => "")).slice(0, 500);
  let reason = text.trim() || res.statusText;
  try {
    const errors = (JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }).errors;
    if (errors?.length) reason = errors.map((e) => `${e.code}: ${e.message}`).join("; ");
  } catch {
    // not JSON: keep the text
  }
  return new BerthError("unavailable", `the registry ${registryHost()} refused ${what} (HTTP ${res.status}): ${reason}`);
}

/** The manifest of repository:tag, or undefined when the registry has no such tag (or repository). */
export async function manifestInfo(repository: string, tag: string, opts: { withConfig?: boolean } = {}): Promise<ManifestInfo | undefined> {
  const path = `${repository}/manifests/${tag}`;
  const res = await call(opts.withConfig ? "GET" : "HEAD", path, MANIFEST_V2);
  if (res.status === 404) return undefined;
  if (!res.ok) throw await failure(res, `${opts.withConfig ? "GET" : "HEAD"} ${path}`);
  const digest = res.headers.get("docker-content-digest") ?? "";
  if (!opts.withConfig) {
    await res.body?.cancel();
    return { digest };
  }
  const manifest = (await res.json()) as { config?: { digest?: string } };
  return { digest, configDigest: manifest.config?.digest };
}

/** The tags of a repository ([] when the registry never had it or it has no tags left). */
export async function listTags(repository: string): Promise<string[]> {
  const path = `${repository}/tags/list`;
  const res = await call("GET", path);
  if (res.status === 404) return [];
  if (!res.ok) throw await failure(res, `GET ${path}`);
  return ((await res.json()) as { tags?: string[] | null }).tags ?? [];
}

/** Deletes a manifest (every tag that points at it goes with it); a manifest already gone is fine. */
export async function deleteManifest(repository: string, digest: string): Promise<void> {
  const path = `${repository}/manifests/${digest}`;
  const res = await call("DELETE", path);
  if (res.status === 404 || res.ok) return void (await res.body?.cancel());
  if (res.status === 405) throw new BerthError("unavailable", `the registry ${registryHost()} does not allow deletes: set storage.delete.enabled: true in its config`);
  throw await failure(res, `DELETE ${path}`);
}
