// The TLS half of the router: the certificate files HAProxy loads and the crt-list that serves
// each one for its own hostnames only (SNI). Pure, like the config renderer.
import type { RouterTls } from "./types.ts";
import { byText, check, checkHostname, checkPort, contentFile, matches, refuse } from "./render-checks.ts";

const PEM = /^(-----BEGIN [A-Z0-9 ]+-----\r?\n[A-Za-z0-9+/=\r\n]+-----END [A-Z0-9 ]+-----\r?\n?)+$/;

export interface RenderedTls {
  port: number;
  /** The crt-list the TLS bind names. */
  crtList: string;
  /** Absolute path → content: the crt-list and one PEM file per certificate. */
  files: Record<string, string>;
  /** Hostnames that have a certificate. */
  covered: Set<string>;
}

/** `dir` is the checked files folder of the state. */
export function renderTls(tls: RouterTls, dir: string): RenderedTls {
  const files: Record<string, string> = {};
  const hostsByFile = new Map<string, Set<string>>();
  const fileOf = new Map<string, string>();
  for (const cert of tls.certificates) {
    const pem = check(cert.pem, matches(PEM), "certificate PEM");
    const file = contentFile(dir, "cert", "pem", pem);
    files[file] = pem;
    if (cert.hostnames.length === 0) refuse(`a certificate in ${file} is served for no hostname`);
    const hosts = hostsByFile.get(file) ?? new Set<string>();
    hostsByFile.set(file, hosts);
    for (const host of cert.hostnames.map(checkHostname)) {
      const other = fileOf.get(host);
      // Two certificates for one name would leave the choice to HAProxy's load order.
      if (other && other !== file) refuse(`hostname ${host} has two certificates`);
      fileOf.set(host, file);
      hosts.add(host);
    }
  }
  const lines = [...hostsByFile].map(([file, hosts]) => `${file} ${[...hosts].sort(byText).join(" ")}`).sort(byText);
  const list = lines.map((l) => `${l}\n`).join("");
  const crtList = contentFile(dir, "crt-list", "txt", list);
  files[crtList] = list;
  return { port: checkPort(tls.port, "TLS port"), crtList, files, covered: new Set(fileOf.keys()) };
}
