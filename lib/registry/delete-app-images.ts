// When an app is deleted: all its images in the registry and on every host that pulled them.
import { BerthError } from "../errors.ts";
import type { HostRef } from "../docker/container-runtime.ts";
import { pruneHostImages, pruneRegistry } from "./prune-images.ts";

/**
 * Deletes every tag of the app in the registry and its registry-named images on HOSTS (the
 * build engine's own tags are the app deletion's, as before). Every host is tried; then one
 * error names those that failed (a host that is down keeps its copy until it is pruned again).
 */
export async function deleteAppImages(appId: string, hosts: HostRef[]): Promise<{ deletedTags: string[]; removed: string[]; inUse: string[] }> {
  const [registry, ...onHosts] = await Promise.allSettled([pruneRegistry(appId, []), ...hosts.map((host) => pruneHostImages(host, appId, []))]);
  const failures = [registry, ...onHosts].flatMap((r, i) => (r.status === "rejected" ? [`${i === 0 ? "the registry" : `host ${hosts[i - 1].id}`}: ${(r.reason as Error).message}`] : []));
  if (failures.length) throw new BerthError("unavailable", `deleting the images of app ${appId} failed on ${failures.join("; ")}`);
  const done = onHosts.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  return {
    deletedTags: registry.status === "fulfilled" ? registry.value.deleted : [],
    removed: done.flatMap((r) => r.removed),
    inUse: done.flatMap((r) => r.inUse),
  };
}
