// Makes HAProxy route exactly what the database says: every app's hostnames to its `up` web containers.
import { db } from "../db.ts";
import { dataPath, settings } from "../env.ts";
import { applyRouterConfig, validateRouterConfig } from "./haproxy.ts";
import { backendName, renderHaproxyConfig } from "./render-haproxy.ts";
import { switchServersAtRuntime } from "./runtime-api.ts";
import type { RouterServer, RouterState } from "./types.ts";

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
        .map(routerServer),
    })),
  };
}

/** How a container appears in the router. Unique per container, stable across renders. */
export function routerServer(c: { id: string; type: string; index: number; address: string | null; port: number | null }): RouterServer {
  return { name: `${c.type}.${c.index}-${c.id.slice(-6)}`, address: c.address ?? "", port: c.port ?? 0 };
}

export interface ServerSwitch {
  app: string;
  add: RouterServer[];
  remove: RouterServer[];
}

/**
 * Renders, validates and reloads the router. With `change`, the validated switch is also made
 * through the runtime API just before the reload, so traffic moves a reload's time sooner.
 */
export async function syncRouter(change?: ServerSwitch): Promise<{ changed: boolean }> {
  const state = await routerState();
  const beforeReload = change
    ? () => switchServersAtRuntime(state.statsSocket, backendName(change.app), change.add, change.remove.map((s) => s.name))
    : undefined;
  return applyRouterConfig(routerPaths(), renderHaproxyConfig(state), { beforeReload });
}

/**
 * Checks, ahead of time, the config the router will have once `change` is made — so the switch
 * itself does not wait for `haproxy -c`. A failure here is ignored: syncRouter reports it.
 */
export async function prevalidateSwitch(change: ServerSwitch): Promise<void> {
  const state = await routerState();
  const gone = new Set(change.remove.map((s) => s.name));
  const apps = state.apps.map((a) => (a.name === change.app ? { ...a, servers: [...a.servers.filter((s) => !gone.has(s.name)), ...change.add] } : a));
  await validateRouterConfig(routerPaths(), renderHaproxyConfig({ ...state, apps })).catch(() => undefined);
}
