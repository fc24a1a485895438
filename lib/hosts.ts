// Docker hosts. The embedded default is the local engine; more hosts can be added later.
import { db } from "./db.ts";
import type { HostRef } from "./docker/runtime.ts";

import { settings } from "./env.ts";

const LOCAL_ENDPOINT = settings.dockerHost;

let cached: HostRef | undefined;

export async function localHost(): Promise<HostRef> {
  if (cached) return cached;
  const host = await db.host.upsert({
    where: { name: "local" },
    create: { name: "local", endpoint: LOCAL_ENDPOINT },
    update: {},
  });
  cached = { id: host.id, endpoint: host.endpoint };
  return cached;
}

export async function hostById(id: string): Promise<HostRef> {
  const host = await db.host.findUniqueOrThrow({ where: { id } });
  return { id: host.id, endpoint: host.endpoint };
}
