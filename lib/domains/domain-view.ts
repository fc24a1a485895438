// How a domain is shown by the API: the app's default one and its custom ones alike.
import { X509Certificate } from "node:crypto";
import { settings } from "../env.ts";
import { defaultHostname } from "../router/sync-router.ts";

interface DomainRow {
  hostname: string;
  certificate: string | null;
  certExpiresAt: Date | null;
  redirectHttps: boolean;
  createdAt: Date;
}

const withPort = (port: number, standard: number) => (port === standard ? "" : `:${port}`);
const httpUrl = (hostname: string) => `http://${hostname}${withPort(settings.routerPort, 80)}/`;
const httpsUrl = (hostname: string) => `https://${hostname}${withPort(settings.routerTlsPort, 443)}/`;

export function defaultDomainView(app: { name: string; createdAt: Date }) {
  const hostname = defaultHostname(app.name);
  return { hostname, default: true, url: httpUrl(hostname), httpsUrl: null, certExpiresAt: null, certificate: null, redirectHttps: false, createdAt: app.createdAt };
}

export function customDomainView(d: DomainRow) {
  // The stored chain was normalised on upload; the first certificate in it is the server's.
  const leaf = d.certificate ? new X509Certificate(d.certificate) : null;
  const served = leaf !== null && settings.routerTlsPort > 0;
  return {
    hostname: d.hostname,
    default: false,
    url: served && d.redirectHttps ? httpsUrl(d.hostname) : httpUrl(d.hostname),
    httpsUrl: served ? httpsUrl(d.hostname) : null,
    certExpiresAt: d.certExpiresAt,
    certificate: leaf
      ? {
          names: (leaf.subjectAltName ?? "").split(", ").filter((n) => n.startsWith("DNS:")).map((n) => n.slice(4)),
          issuer: leaf.issuer.split("\n").join(", "),
          fingerprint: leaf.fingerprint256,
        }
      : null,
    redirectHttps: d.redirectHttps,
    createdAt: d.createdAt,
  };
}

export type DomainView = ReturnType<typeof customDomainView> | ReturnType<typeof defaultDomainView>;
