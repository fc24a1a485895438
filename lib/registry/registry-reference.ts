// Names of app images in the registry. Pure: a local app image tag of this instance
// (`<instance>-app/<app id>:build-<id>`, see lib/docker/labels.ts) maps to the same repository
// and tag under the registry, and nothing else maps at all — the registry holds the apps' images
// of this instance only, so pruning one app can never reach Berth's own images or another's.
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";

export interface RegistryNaming {
  /** `host` or `host:port`, e.g. 10.77.0.1:5000. */
  registry: string;
  instance: string;
}

export interface AppImageName {
  /** The repository inside the registry: `<instance>-app/<app id>`. */
  repository: string;
  appId: string;
  tag: string;
}

const defaults = (): RegistryNaming => ({ registry: settings.registry, instance: settings.instance });

// App ids are cuids, build ids UUIDs; releases are tagged v<N> (labels.ts releaseImageTag).
const APP_ID = /^[a-z0-9]{1,64}$/;
const TAG = /^(build-[a-z0-9][a-z0-9-]{0,63}|v[1-9][0-9]{0,8})$/;
// A registry as Docker names one: a lowercase host name or IPv4 address, an optional port.
const REGISTRY = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/;

const refuse = (what: string, naming: RegistryNaming, rule: string) =>
  new BerthError("invalid", `${JSON.stringify(what)} is not an app image of Berth instance ${JSON.stringify(naming.instance)}: ${rule}`);

/** The registry of these names, checked; refuses when none is configured. */
export function registryHost(naming: RegistryNaming = defaults()): string {
  if (!naming.registry) throw new BerthError("unavailable", "no registry is configured: set BERTH_REGISTRY (host:port) for the swarm scheduler");
  if (!REGISTRY.test(naming.registry)) throw new BerthError("invalid", `BERTH_REGISTRY ${JSON.stringify(naming.registry)} is not host or host:port`);
  return naming.registry;
}

/** The repository of an app's images inside the registry (without the registry). */
export function appRepository(appId: string, naming: RegistryNaming = defaults()): string {
  if (!APP_ID.test(appId)) throw new BerthError("invalid", `${JSON.stringify(appId)} is not an app id`);
  return `${naming.instance}-app/${appId}`;
}

/** Splits a local app image tag of this instance, `<instance>-app/<app id>:<tag>`; refuses anything else. */
export function parseAppImageTag(localTag: string, naming: RegistryNaming = defaults()): AppImageName {
  const prefix = `${naming.instance}-app/`;
  if (!localTag.startsWith(prefix)) throw refuse(localTag, naming, `its repository must start with ${prefix}`);
  const rest = localTag.slice(prefix.length);
  const colon = rest.indexOf(":");
  if (colon < 0) throw refuse(localTag, naming, "it names no tag");
  const appId = rest.slice(0, colon);
  const tag = rest.slice(colon + 1);
  if (!APP_ID.test(appId)) throw refuse(localTag, naming, "the part after the instance's -app/ must be an app id");
  if (!TAG.test(tag)) throw refuse(localTag, naming, "its tag must be build-<id> or v<N>");
  return { repository: `${prefix}${appId}`, appId, tag };
}

/** `<registry>/<instance>-app/<app id>:<tag>` for a local app image tag of this instance. */
export function registryReference(localTag: string, naming: RegistryNaming = defaults()): string {
  const registry = registryHost(naming);
  const { repository, tag } = parseAppImageTag(localTag, naming);
  return `${registry}/${repository}:${tag}`;
}

// Berth's own images (add-on services, the stack), tagged with a hash of their recipe: the same
// name always means the same image, so every instance sharing a registry may share them too.
const BERTH_IMAGE = /^berth\/[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9][a-z0-9._-]{0,127}$/;

/**
 * What a host pulls for an image made on the build engine: an app image of this instance, or one
 * of Berth's own (`berth/addon-redis:<hash>`) under `<registry>/berth/…`. Nothing else maps.
 */
export function imageInRegistry(localTag: string, naming: RegistryNaming = defaults()): { reference: string; repository: string; tag: string } {
  if (BERTH_IMAGE.test(localTag) && !localTag.endsWith(":latest")) {
    const [repository, tag] = localTag.split(":") as [string, string];
    return { reference: `${registryHost(naming)}/${localTag}`, repository, tag };
  }
  const { repository, tag } = parseAppImageTag(localTag, naming);
  return { reference: `${registryHost(naming)}/${repository}:${tag}`, repository, tag };
}

/** The reverse: an app image reference in the registry (`<registry>/<repo>:<tag>`) split; refuses anything else. */
export function parseRegistryReference(reference: string, naming: RegistryNaming = defaults()): AppImageName {
  const registry = registryHost(naming);
  if (!reference.startsWith(`${registry}/`)) throw refuse(reference, naming, `it is not in the registry ${registry}`);
  return parseAppImageTag(reference.slice(registry.length + 1), naming);
}

/** The tag of `tag`, `repo:tag` or `registry/repo:tag` (a port's colon is followed by a slash). */
export function tagOf(nameOrTag: string): string {
  const colon = nameOrTag.lastIndexOf(":");
  return colon < 0 || nameOrTag.indexOf("/", colon) >= 0 ? nameOrTag : nameOrTag.slice(colon + 1);
}
