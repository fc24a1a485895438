// Prunes an app's release images that no kept release needs: its tags in the registry, and the
// images the nodes pulled from it. Only the app's own repository is touched
// (`<registry>/<instance>-app/<app id>`), so another app or Berth's own images never are.
//
// The registry frees disk only when its blobs are garbage-collected; that is scripts/registry.sh's
// job (`gc`, and at every start), never done while it accepts pushes — see its header.
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { deleteManifest, listTags, manifestInfo } from "./registry-api.ts";
import { appRepository, registryHost, tagOf } from "./registry-reference.ts";

/**
 * Deletes the app's tags in the registry that are not in keepTags (`build-<id>`, or image names
 * ending in such a tag). A manifest is deleted by digest, which takes every tag pointing at it:
 * so a manifest that a kept tag also names (two builds that came out identical) stays.
 */
export async function pruneRegistry(appId: string, keepTags: string[]): Promise<{ deleted: string[] }> {
  const repository = appRepository(appId);
  const keep = new Set(keepTags.map(tagOf));
  const tags = await listTags(repository);
  const digests = new Map<string, string>();
  for (const tag of tags) {
    const info = await manifestInfo(repository, tag);
    if (info) digests.set(tag, info.digest);
  }
  const kept = new Set([...digests].filter(([tag]) => keep.has(tag)).map(([, digest]) => digest));
  const doomed = [...digests].filter(([tag, digest]) => !keep.has(tag) && !kept.has(digest));
  for (const digest of new Set(doomed.map(([, digest]) => digest))) await deleteManifest(repository, digest);
  return { deleted: doomed.map(([tag]) => tag) };
}

/**
 * Removes from HOST the app's images named after the registry (what ensureImageOn pulled) that
 * no reference in keepReferences names (`<registry>/<repo>:<tag>` or `…@sha256:…`; a kept tag
 * also keeps the image of its digest in the registry). An image a
 * container still uses stays (the engine refuses, 409) and is reported in `inUse`; the next prune
 * takes it. Names never go with force, so an image other names share is only untagged.
 */
export async function pruneHostImages(host: HostRef, appId: string, keepReferences: string[]): Promise<{ removed: string[]; inUse: string[] }> {
  const repo = `${registryHost()}/${appRepository(appId)}`;
  const keep = new Set(keepReferences);
  // A task the swarm started pulled `repo@sha256:…` and its image may bear no tag: a kept tag
  // keeps the image its manifest digest names too.
  for (const reference of keepReferences) {
    if (!reference.startsWith(`${repo}:`)) continue;
    const info = await manifestInfo(appRepository(appId), reference.slice(repo.length + 1));
    if (info) keep.add(`${repo}@${info.digest}`);
  }
  const runtime = runtimeFor(host);
  const images = await runtime.listImages(repo);
  const removed: string[] = [];
  const inUse: string[] = [];
  for (const image of images) {
    const names = [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])].filter((n) => n.startsWith(`${repo}:`) || n.startsWith(`${repo}@`));
    // An image one kept reference names keeps all its names: a digest name is the same image.
    if (names.length === 0 || names.some((n) => keep.has(n))) continue;
    for (const name of names) {
      const removal = await runtime.removeImageTag(name);
      if (removal === "removed") removed.push(name);
      else if (removal === "in-use") inUse.push(name);
      // "missing": went with an earlier name of the same image
    }
  }
  return { removed, inUse };
}
