// The Host rows: the engine Berth builds on (`local`, which also runs everything under the local
// scheduler) and, under swarm, one row per node. Container and add-on rows point at them.
import { db } from "../db.ts";
import type { HostRef } from "../docker/container-runtime.ts";
import { settings } from "../env.ts";
import type { Host } from "../generated/prisma/client.ts";
import type { HostState, SchedulerHost } from "./types.ts";

let cached: SchedulerHost | undefined;

/** The engine at BERTH_DOCKER_HOST: where builds run, and all containers with the local scheduler. */
export async function localEngine(): Promise<SchedulerHost> {
  if (cached) return cached;
  const host = await db.host.upsert({
    where: { name: "local" },
    create: { name: "local", endpoint: settings.dockerHost },
    update: { endpoint: settings.dockerHost },
  });
  cached = schedulerHost(host);
  return cached;
}

export async function hostById(id: string): Promise<SchedulerHost> {
  return schedulerHost(await db.host.findUniqueOrThrow({ where: { id } }));
}

export function schedulerHost(row: Host): SchedulerHost {
  return { id: row.id, endpoint: row.endpoint, address: row.address, name: row.name, state: row.state as HostState };
}

export const hostRef = (row: Pick<Host, "id" | "endpoint" | "address">): HostRef => ({ id: row.id, endpoint: row.endpoint, address: row.address });
