// What Berth's own containers reserve on each host, from the database: every app container that is
// not stopped (its size's memory and CPU) and every add-on container (its plan's memory; a primary
// and any replicas). Placement adds a new container only where its reservation still fits.
//
// CPU is counted in cores as the containers' CPU shares / 1024: Docker's shares are a weight, not a
// cap, and 1024 is one full CPU's weight, so a `small` (256) reserves 0.25 of a core, a `standard`
// (512) and an add-on container (512) half a core, a `large` (1024) one core.
import { db } from "../db.ts";
import { ADDON_CPU_SHARES } from "../addons/addon-containers.ts";
import { findPlan, findService } from "../addons/registry.ts";
import { sizeOf } from "../deploy/sizes.ts";

export interface Reservation {
  memoryBytes: number;
  cpus: number;
  containers: number;
}

const MB = 1024 * 1024;
const SHARES_PER_CPU = 1024;

/** What one app container of `size` reserves (placement checks the same numbers). */
export function sizeReservation(size: string): { memoryBytes: number; cpus: number } {
  const s = sizeOf(size);
  return { memoryBytes: s.memoryBytes, cpus: s.cpuShares / SHARES_PER_CPU };
}

/** What one add-on container of `memoryBytes` reserves. */
export const addonContainerReservation = (memoryBytes: number) => ({ memoryBytes, cpus: ADDON_CPU_SHARES / SHARES_PER_CPU });

/** An app container as reservations see it. */
export interface ContainerRow {
  hostId: string;
  size: string;
}

/** An add-on as reservations see it; a null hostId is an add-on made before hosts had ids (the local host). */
export interface AddonRow {
  hostId: string | null;
  service: string;
  plan: string;
  options: string;
  /** JSON role → host id of containers placed apart from hostId (see lib/addons/addon-hosts.ts). */
  placement?: string;
}

/** An add-on's containers and what each reserves. An unknown service or plan counts as one container of 512 MB. */
export function addonFootprint(addon: Omit<AddonRow, "hostId"> & { name?: string }): Reservation {
  let containers = 1;
  let memoryMb = 512;
  try {
    const service = findService(addon.service);
    const plan = findPlan(service, addon.plan);
    memoryMb = plan.memoryMb;
    // How many containers depends on the plan and options only, not on the credentials.
    const spec = { name: addon.name ?? "addon", plan, options: JSON.parse(addon.options) as Record<string, unknown>, credentials: { user: "", password: "", database: "" } };
    containers = service.containers(spec).length;
  } catch {
    // A row this version of Berth cannot read still occupies its host.
  }
  return { memoryBytes: containers * memoryMb * MB, cpus: (containers * ADDON_CPU_SHARES) / SHARES_PER_CPU, containers };
}

/** Sums the reservations per host id. Add-ons without a host id count on `defaultHostId` (skipped when there is none). */
export function sumReservations(input: { containers: ContainerRow[]; addons: AddonRow[]; defaultHostId?: string | null }): Map<string, Reservation> {
  const byHost = new Map<string, Reservation>();
  const add = (hostId: string, r: Reservation) => {
    const sum = byHost.get(hostId) ?? { memoryBytes: 0, cpus: 0, containers: 0 };
    sum.memoryBytes += r.memoryBytes;
    sum.cpus += r.cpus;
    sum.containers += r.containers;
    byHost.set(hostId, sum);
  };
  for (const c of input.containers) {
    add(c.hostId, { ...sizeReservation(c.size), containers: 1 });
  }
  for (const a of input.addons) {
    const hostId = a.hostId ?? input.defaultHostId;
    if (!hostId) continue;
    const footprint = addonFootprint(a);
    // Each container reserves a share on its own host: replicas placed elsewhere count there.
    const apart = Object.values(JSON.parse(a.placement || "{}") as Record<string, string>).filter((h) => h !== hostId);
    const each = { memoryBytes: footprint.memoryBytes / footprint.containers, cpus: footprint.cpus / footprint.containers, containers: 1 };
    for (const other of apart) add(other, each);
    add(hostId, { memoryBytes: each.memoryBytes * (footprint.containers - apart.length), cpus: each.cpus * (footprint.containers - apart.length), containers: footprint.containers - apart.length });
  }
  // Sums of quarters are exact in binary, but keep what is shown free of float noise anyway.
  for (const r of byHost.values()) r.cpus = Math.round(r.cpus * 1000) / 1000;
  return byHost;
}

/**
 * Host id → what Berth's containers reserve there. Stopped app containers (an app being deleted)
 * and failed add-ons (their containers were removed) reserve nothing.
 */
export async function reservationsByHost(): Promise<Map<string, Reservation>> {
  const [containers, addons, local] = await Promise.all([
    db.container.findMany({ where: { state: { not: "stopped" } }, select: { hostId: true, size: true } }),
    db.addon.findMany({ where: { state: { not: "failed" } }, select: { hostId: true, service: true, plan: true, options: true, placement: true } }),
    db.host.findUnique({ where: { name: "local" }, select: { id: true } }),
  ]);
  return sumReservations({ containers, addons, defaultHostId: local?.id });
}
