// Where each container of an add-on runs: the primary on the add-on's host, a replica on the
// host its placement names (another host when there was one with room), else the primary's.
import type { Addon } from "../generated/prisma/client.ts";
import type { HostRef } from "../docker/container-runtime.ts";
import { hostById, localEngine } from "../scheduler/index.ts";

export interface AddonHosts {
  of(role: string): HostRef;
  /** Every host one of its containers runs on, each once. */
  all(): HostRef[];
}

export const placementOf = (addon: Pick<Addon, "placement">): Record<string, string> => JSON.parse(addon.placement || "{}") as Record<string, string>;

export async function addonHosts(addon: Pick<Addon, "hostId" | "placement">): Promise<AddonHosts> {
  // Add-ons made before hosts were recorded: the local engine.
  const primary = addon.hostId ? await hostById(addon.hostId) : await localEngine();
  const byRole = new Map<string, HostRef>();
  for (const [role, hostId] of Object.entries(placementOf(addon))) byRole.set(role, hostId === primary.id ? primary : await hostById(hostId));
  const hosts = [primary, ...byRole.values()];
  return {
    of: (role) => byRole.get(role) ?? primary,
    all: () => [...new Map(hosts.map((h) => [h.id, h])).values()],
  };
}
