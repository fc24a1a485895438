// What the router should serve, read from the database (see router-state.ts for what that means).
import path from "node:path";
import { db } from "../db.ts";
import { unseal } from "../crypto/secret-box.ts";
import { dataPath, settings } from "../env.ts";
import { FILES_FOLDER } from "./config-files.ts";
import { routerStateFor, type RoutedApp } from "./router-state.ts";
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
