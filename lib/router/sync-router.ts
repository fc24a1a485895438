// Makes HAProxy route exactly what the database says: every app's hostnames to its `up` web containers.
import { db } from "../db.ts";
import { dataPath, settings } from "../env.ts";
import { applyRouterConfig } from "./haproxy.ts";
import { renderHaproxyConfig } from "./render-haproxy.ts";
import type { RouterState } from "./types.ts";

export const routerPaths = () => ({ dir: dataPath("router") });

export async function routerState(): Promise<RouterState> {
  const apps = await db.app.findMany({
    orderBy: { name: "asc" },
    include: { containers: { where: { type: "web", state: "up" }, orderBy: [{ index: "asc" }, { createdAt: "asc" }] } },
  });
  return {
    port: settings.routerPort,
    statsSocket: `${routerPaths().dir}/stats.sock`,
    apps: apps.map((app) => ({
      name: app.name,
      hostnames: [`${app.name}.${settings.domain}`],
      servers: app.containers
        .filter((c) => c.address && c.port)
        .map((c) => ({ name: `${c.type}.${c.index}-${c.id.slice(-6)}`, address: c.address!, port: c.port! })),
    })),
  };
}

export async function syncRouter(): Promise<{ changed: boolean }> {
  return applyRouterConfig(routerPaths(), renderHaproxyConfig(await routerState()));
}
