// Makes HAProxy route exactly what the database says (see router-state.ts for what that means).
import path from "node:path";
import { db } from "../db.ts";
import { unseal } from "../crypto/secret-box.ts";
import { dataPath, settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { FILES_FOLDER } from "./config-files.ts";
import { applyRouterConfig, validateRouterConfig } from "./haproxy.ts";
import { backendName, renderRouterConfig } from "./render-haproxy.ts";
import { routerStateFor, type RoutedApp } from "./router-state.ts";
import { switchServersAtRuntime } from "./runtime-api.ts";
import type { RouterServer, RouterState } from "./types.ts";

export const routerPaths = () => ({ dir: dataPath("router") });

export const defaultHostname = (app: string) => `${app}.${settings.domain}`;

export async function routerState(): Promise<RouterState> {
  const apps = await db.app.findMany({
    orderBy: { name: "asc" },
    include: {
      // A host that went down gets no more traffic at once; a draining one serves until its containers have moved.
      containers: { where: { type: "web", state: "up", host: { state: { not: "down" } } }, orderBy: [{ index: "asc" }, { createdAt: "asc" }] },
      domains: { orderBy: { hostname: "asc" } },
    },
  });
  const { dir } = routerPaths();
  const keys = new Map(apps.flatMap((a) => a.domains.flatMap((d) => (d.certificate && d.privateKey ? [[d.hostname, d.privateKey] as const] : []))));
  const routed: RoutedApp[] = apps.map((app) => ({
    name: app.name,
    maintenance: app.maintenance,
    // A certificate whose key is missing is not served (it cannot be).
    domains: app.domains.map((d) => ({ hostname: d.hostname, certificate: keys.has(d.hostname) ? d.certificate : null, redirectHttps: d.redirectHttps })),
    servers: app.containers.filter((c) => c.address && c.port).map(routerServer),
  }));
  return routerStateFor(routed, {
    dir,
    filesDir: path.join(dir, FILES_FOLDER),
    port: settings.routerPort,
    tlsPort: settings.routerTlsPort,
    domain: settings.domain,
    logTarget: `127.0.0.1:${settings.routerLogPort}`,
    threads: settings.routerThreads,
    privateKeyOf: (hostname) => unseal(keys.get(hostname)!),
  });
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
 * Renders, validates and reloads the router. The state is read inside the router's apply lock,
 * so a process that read the database earlier can never install an older state over a newer one.
 * With `change`, the validated switch is also made through the runtime API just before the
 * reload, so traffic moves a reload's time sooner.
 */
export async function syncRouter(change?: ServerSwitch): Promise<{ changed: boolean }> {
  const statsSocket = `${routerPaths().dir}/stats.sock`;
  const beforeReload = change
    ? () => switchServersAtRuntime(statsSocket, backendName(change.app), change.add, change.remove.map((s) => s.name))
    : undefined;
  return applyRouterConfig(routerPaths(), async () => renderRouterConfig(await routerState()), { beforeReload });
}

/**
 * For a user's change that is already stored (a domain, a certificate, maintenance): reloads the
 * router, and says plainly when that failed — the change stays stored and the next sync applies it.
 */
export async function syncRouterAfterChange(): Promise<void> {
  try {
    await syncRouter();
  } catch (err) {
    console.error("the router did not take a stored change", err);
    throw new BerthError("unavailable", `saved, but the router could not be reloaded yet (${(err as Error).message}); the next router change retries it`);
  }
}

/**
 * Checks, ahead of time, the config the router will have once `change` is made — so the switch
 * itself does not wait for `haproxy -c`. Never fails: any problem here (even rendering) is
 * syncRouter's to report, once the containers have passed their checks. A server without an
 * address (a container that exited before Docker gave it one) is left out, as routerState does:
 * its health check reports the exit.
 */
export async function prevalidateSwitch(change: ServerSwitch): Promise<void> {
  try {
    const state = await routerState();
    const gone = new Set(change.remove.map((s) => s.name));
    const add = change.add.filter((s) => s.address && s.port);
    const apps = state.apps.map((a) => (a.name === change.app ? { ...a, servers: [...a.servers.filter((s) => !gone.has(s.name)), ...add] } : a));
    await validateRouterConfig(routerPaths(), renderRouterConfig({ ...state, apps }));
  } catch {
    // syncRouter validates again and reports.
  }
}

/**
 * Checks that HAProxy accepts the router config with `edit` applied to the current state, before
 * the database is changed: a certificate HAProxy cannot load is refused up front instead of
 * breaking every later reload. Throws with HAProxy's reason.
 */
export async function checkRouterAccepts(edit: (state: RouterState) => RouterState): Promise<void> {
  await validateRouterConfig(routerPaths(), renderRouterConfig(edit(await routerState())));
}
