// The Docker side of an add-on: its own network (where its containers find each other), its data
// volume, its containers (a primary and any replicas), and their place on attached apps' networks
// under stable aliases, so apps reach them by name. Every object carries berthLabels().
import { appObjectName, berthLabels, LABEL, objectName } from "../docker/labels.ts";
import { runtimeFor, type HostRef } from "../docker/container-runtime.ts";
import { scheduler } from "../scheduler/index.ts";
import type { AddonHosts } from "./addon-hosts.ts";
import type { AddonService, AddonSpec, ContainerRole, PrimaryContainer } from "./services/types.ts";

const MB = 1024 * 1024;
/** Every add-on container's CPU weight (a standard app container's); lib/hosts/reservations.ts counts it. */
export const ADDON_CPU_SHARES = 512;
const READY_TIMEOUT_MS = 60_000;
/** A dump or a restore of a large database takes a while; one that hangs must still end. */
const DUMP_TIMEOUT_MS = 3 * 60 * 60_000;

export const addonNetwork = (addon: string) => objectName("addon", addon, "net");
export const addonVolume = (addon: string) => objectName("addon", addon, "data");
// `_` cannot occur in a name: the replica of add-on `a` (`…-addon-a_replica-1`) is never the
// primary of an add-on named `a-replica-1`.
export const addonContainerName = (addon: string, role: string) => (role === "primary" ? objectName("addon", addon) : `${objectName("addon", addon)}_${role}`);
/** The apps an add-on is attached to, as their networks are named: after the app's id. */
export interface AttachedApp {
  id: string;
  name: string;
}
const addonLabels = (addon: string, extra: Record<string, string> = {}) => ({ [LABEL.kind]: "addon", [LABEL.addon]: addon, ...extra });

/**
 * Creates the add-on's network, volume and containers, and joins them to the given apps'
 * networks. Containers left by an earlier attempt at the same provisioning are replaced.
 */
export async function startAddonContainers(hosts: AddonHosts, service: AddonService, addon: AddonSpec, image: string, apps: AttachedApp[]): Promise<void> {
  await Promise.all(hosts.all().map((host) => removeAddonContainers(host, addon.name)));
  await scheduler().ensureNetwork(addonNetwork(addon.name), addonLabels(addon.name));
  await scheduler().publishImage(image);
  for (const role of service.containers(addon)) {
    // Each host its own volume of the add-on's name: a replica's copy stays beside it.
    const host = hosts.of(role.role);
    if (role.persistent) await runtimeFor(host).ensureVolume(addonVolume(addon.name), addonLabels(addon.name));
    await runtimeFor(host).run({
      name: addonContainerName(addon.name, role.role),
      image: await scheduler().imageOn(host, image),
      env: role.env,
      labels: berthLabels(addonLabels(addon.name, { [LABEL.process]: role.role })),
      network: addonNetwork(addon.name),
      networkAliases: [role.alias],
      memoryBytes: addon.plan.memoryMb * MB,
      cpuShares: ADDON_CPU_SHARES,
      pidsLimit: 512,
      dropCapabilities: true,
      // Docker itself restarts a crashed add-on, and starts it again with dockerd. The reconciler
      // converges apps' releases and formations, which add-ons do not have.
      restart: "unless-stopped",
      mounts: role.persistent ? [{ volume: addonVolume(addon.name), target: service.dataDir }] : undefined,
    });
  }
  for (const app of apps) await joinAppNetwork(hosts, service, addon, app);
}

/** Every container of the add-on answers on the app's network under its alias. */
export async function joinAppNetwork(hosts: AddonHosts, service: AddonService, addon: AddonSpec, app: AttachedApp): Promise<void> {
  await ensureAppNetwork(app);
  for (const role of service.containers(addon)) {
    await runtimeFor(hosts.of(role.role)).connect(appObjectName(app.id), addonContainerName(addon.name, role.role), [role.alias]);
  }
}

/** The app may not have been deployed yet, so its network may not exist: made with the labels a deploy gives it. */
const ensureAppNetwork = (app: AttachedApp) => scheduler().ensureNetwork(appObjectName(app.id), { [LABEL.app]: app.name, [LABEL.kind]: "network" });

export async function leaveAppNetwork(hosts: AddonHosts, service: AddonService, addon: AddonSpec, app: AttachedApp): Promise<void> {
  for (const role of service.containers(addon)) {
    await runtimeFor(hosts.of(role.role)).disconnect(appObjectName(app.id), addonContainerName(addon.name, role.role));
  }
}

/** Only containers carrying this add-on's labels: a stranger's container of the same name is never touched. */
async function removeAddonContainers(host: HostRef, addon: string): Promise<void> {
  const containers = await runtimeFor(host).list({ [LABEL.addon]: addon });
  await Promise.all(containers.map((c) => runtimeFor(host).stopAndRemove(c.Id, 10)));
}

/** Containers and network; the volume (the data) only when asked. */
export async function removeAddonObjects(hosts: AddonHosts, addon: string, opts: { volume: boolean }): Promise<void> {
  await Promise.all(hosts.all().map((host) => removeAddonContainers(host, addon)));
  await scheduler().removeNetwork(addonNetwork(addon));
  if (opts.volume) await Promise.all(hosts.all().map((host) => runtimeFor(host).removeVolume(addonVolume(addon))));
}

/** What Docker says of each of the add-on's containers: {role, state: running|restarting|exited…, status}. */
export async function addonContainerStates(hosts: AddonHosts, addon: string) {
  const containers = (await Promise.all(hosts.all().map((host) => runtimeFor(host).list({ [LABEL.addon]: addon })))).flat();
  return containers
    .map((c) => ({ role: c.Labels[LABEL.process] ?? "", state: c.State, status: c.Status }))
    .sort((a, b) => (a.role === "primary" ? -1 : b.role === "primary" ? 1 : a.role.localeCompare(b.role)));
}

/** Waits until every container of the add-on (just created) accepts connections. */
export async function waitUntilAddonReady(hosts: AddonHosts, service: AddonService, addon: AddonSpec): Promise<void> {
  await Promise.all(service.containers(addon).map((role) => waitUntilReady(hosts.of(role.role), service, addon, role, 0)));
}

/**
 * Runs the service's own client inside the container until it connects. A container that stops,
 * or that Docker restarts (more than the `restarts` it had before), fails at once, with its last
 * output as the reason.
 */
async function waitUntilReady(host: HostRef, service: AddonService, addon: AddonSpec, role: ContainerRole, restarts: number): Promise<void> {
  const name = addonContainerName(addon.name, role.role);
  const check = service.readyCheck(addon);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const info = await runtimeFor(host).inspect(name);
    if (!info.State.Running || info.State.Restarting || info.RestartCount > restarts) {
      throw new Error(`the ${role.role} container stopped (exit code ${info.State.ExitCode}) before accepting connections: ${await lastWords(host, name)}`);
    }
    const result = await runtimeFor(host).execCommand(name, { cmd: check.cmd, env: check.env, timeoutMs: 10_000 }).catch(() => undefined);
    if (result?.exitCode === 0 && (!check.expect || check.expect.test(result.stdout))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the ${role.role} container did not accept connections within ${READY_TIMEOUT_MS / 1000} s: ${await lastWords(host, name)}`);
}

async function lastWords(host: HostRef, container: string): Promise<string> {
  const tail = await runtimeFor(host).logsTail(container, 5).catch(() => "");
  return tail.trim().split("\n").map((l) => l.trim()).filter(Boolean).join(" | ").slice(-600) || "(no output)";
}

/** The primary container, as the services' backup and restore use it. */
export function primaryContainer(hosts: AddonHosts, service: AddonService, addon: AddonSpec): PrimaryContainer {
  const name = addonContainerName(addon.name, "primary");
  const host = hosts.of("primary");
  return {
    async run(command) {
      const result = await runtimeFor(host).execCommand(name, { ...command, timeoutMs: DUMP_TIMEOUT_MS });
      if (result.exitCode !== 0) {
        const why = result.stderr.trim().split("\n").slice(-3).join(" | ").slice(-600);
        throw new Error(`${command.cmd[0]} exited with code ${result.exitCode}${why ? `: ${why}` : ""}`);
      }
      return result.stdout;
    },
    async restart() {
      // Crashes Docker restarted it after before now are not this restart's.
      const { RestartCount } = await runtimeFor(host).inspect(name);
      await runtimeFor(host).restartInPlace(name, 30);
      await waitUntilReady(host, service, addon, service.containers(addon)[0]!, RestartCount);
    },
  };
}
