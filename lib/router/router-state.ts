// What the router should serve, from the apps as the database holds them: every app's default
// hostname and custom domains to its `up` web containers, HTTPS for domains with a certificate,
// the maintenance page for apps in maintenance. Pure, so the router bench renders exactly what a
// running Berth renders.
import type { RouterServer, RouterState } from "./types.ts";

export interface RoutedApp {
  name: string;
  maintenance: boolean;
  domains: Array<{ hostname: string; certificate: string | null; redirectHttps: boolean }>;
  servers: RouterServer[];
}

export interface RouterSettings {
  /** The router's own folder (stats socket, files). */
  dir: string;
  filesDir: string;
  port: number;
  /** 0: no HTTPS. */
  tlsPort: number;
  /** `<app>.<domain>` is every app's default hostname. */
  domain: string;
  logTarget?: string;
  threads?: number;
  /** The PEM private key of a domain that has a certificate (stored sealed). */
  privateKeyOf: (hostname: string) => string;
}

export function routerStateFor(apps: RoutedApp[], s: RouterSettings): RouterState {
  const tlsOn = s.tlsPort > 0;
  const certificates = apps.flatMap((app) =>
    app.domains.flatMap((d) => (d.certificate ? [{ hostnames: [d.hostname], pem: `${d.certificate}${s.privateKeyOf(d.hostname)}` }] : [])),
  );
  return {
    port: s.port,
    statsSocket: `${s.dir}/stats.sock`,
    logTarget: s.logTarget,
    threads: s.threads,
    filesDir: s.filesDir,
    tls: tlsOn ? { port: s.tlsPort, certificates } : undefined,
    apps: apps.map((app) => ({
      name: app.name,
      hostnames: [`${app.name}.${s.domain}`, ...app.domains.map((d) => d.hostname)],
      maintenance: app.maintenance,
      // A redirect to HTTPS only where HTTPS is served.
      redirectHttps: tlsOn ? app.domains.filter((d) => d.redirectHttps && d.certificate).map((d) => d.hostname) : [],
      servers: app.servers,
    })),
  };
}
