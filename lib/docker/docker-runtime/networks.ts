// Networks and volumes on the Docker Engine API.
import type { HostRef } from "../container-runtime.ts";
import { dockerFor, ignoreMissing } from "../engine-client.ts";
import { berthLabels } from "../labels.ts";

const creatingNetworks = new Map<string, Promise<void>>();

/**
 * Makes the network unless it exists. Docker's CheckDuplicate does not stop two creations at
 * the same moment (a deploy and an add-on's provisioning joining the app's network), and every
 * later use of an ambiguous name fails: creations are serialised here, and a duplicate made by
 * another process is removed — every caller keeps the same one, the oldest.
 */
export async function ensureNetwork(host: HostRef, name: string, labels: Record<string, string>, opts: { bridgeName?: string; overlay?: boolean } = {}): Promise<void> {
  const key = `${host.endpoint} ${name}`;
  const previous = creatingNetworks.get(key) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => createNetworkOnce(host, name, labels, opts));
  creatingNetworks.set(key, mine);
  try {
    await mine;
  } finally {
    if (creatingNetworks.get(key) === mine) creatingNetworks.delete(key);
  }
}

async function createNetworkOnce(host: HostRef, name: string, labels: Record<string, string>, opts: { bridgeName?: string; overlay?: boolean }): Promise<void> {
  const docker = dockerFor(host);
  const existing = await docker.listNetworks({ filters: { name: [name] } });
  if (existing.some((n) => n.Name === name)) return removeDuplicateNetworks(host, name);
  try {
    const options = opts.bridgeName ? { "com.docker.network.bridge.name": opts.bridgeName } : undefined;
    // CheckDuplicate: Docker otherwise makes a second network of the same name, and every later use of the name fails as ambiguous.
    // An overlay is attachable: plain containers on any node of the swarm join it, not only services.
    const driver = opts.overlay ? { Driver: "overlay", Attachable: true } : { Driver: "bridge" };
    await docker.createNetwork({ Name: name, ...driver, Labels: berthLabels(labels), CheckDuplicate: true, Options: options });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  }
  await removeDuplicateNetworks(host, name);
}

async function removeDuplicateNetworks(host: HostRef, name: string): Promise<void> {
  const docker = dockerFor(host);
  const same = (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
  if (same.length < 2) return;
  const [, ...extra] = same.sort((a, b) => (a.Created ?? "").localeCompare(b.Created ?? "") || a.Id.localeCompare(b.Id));
  for (const n of extra) await ignoreMissing(docker.getNetwork(n.Id).remove(), 403, 409);
}

export async function removeNetwork(host: HostRef, name: string): Promise<void> {
  await ignoreMissing(dockerFor(host).getNetwork(name).remove());
}

export async function connectToNetwork(host: HostRef, network: string, containerId: string, aliases: string[]): Promise<void> {
  const docker = dockerFor(host);
  const info = await docker.getContainer(containerId).inspect();
  if (info.NetworkSettings.Networks[network]) return;
  await docker.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } });
}

export async function disconnectFromNetwork(host: HostRef, network: string, containerId: string): Promise<void> {
  try {
    await dockerFor(host).getNetwork(network).disconnect({ Container: containerId, Force: true });
  } catch (err) {
    const e = err as { statusCode?: number; message?: string };
    // "is not connected to the network" (403 or 500, by engine version): nothing to do
    if (e.statusCode === 404 || /not connected/i.test(e.message ?? "")) return;
    throw err;
  }
}

export async function ensureVolume(host: HostRef, name: string, labels: Record<string, string>): Promise<void> {
  const docker = dockerFor(host);
  try {
    await docker.getVolume(name).inspect();
  } catch {
    await docker.createVolume({ Name: name, Labels: berthLabels(labels) });
  }
}

export async function removeVolume(host: HostRef, name: string): Promise<void> {
  await ignoreMissing(dockerFor(host).getVolume(name).remove());
}
