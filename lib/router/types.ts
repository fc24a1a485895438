export interface RouterServer {
  /** e.g. "web.1-a1b2c3" */
  name: string;
  address: string;
  port: number;
}

export interface RouterApp {
  name: string;
  hostnames: string[];
  servers: RouterServer[];
  /** Answer every request with a 503 maintenance page instead of routing to the servers. */
  maintenance?: boolean;
  /** Hostnames (among `hostnames`, each with a certificate) whose plain-HTTP requests are redirected to HTTPS. */
  redirectHttps?: string[];
}

export interface RouterCertificate {
  /** The SNI names this certificate is served for, and only those (a wildcard stays with the domain it was added to). */
  hostnames: string[];
  /** The certificate chain, then its private key, PEM: the file HAProxy loads. */
  pem: string;
}

export interface RouterTls {
  port: number;
  certificates: RouterCertificate[];
}

export interface RouterState {
  port: number;
  bindAddress?: string;
  /** The runtime API socket; `expose-fd listeners` on it lets a reload take over the listeners. */
  statsSocket: string;
  /**
   * The master CLI socket. Not part of the rendered file: HAProxy only takes it on the command
   * line (`-S`), which `haproxy.ts` builds from its own directory. Validated when given.
   */
  masterSocket?: string;
  /**
   * Absolute folder for the files the config names — the host → backend map, certificates and
   * their crt-list — which the router adapter writes (mode 0600) before checking the config.
   */
  filesDir: string;
  /**
   * HAProxy's threads; HAProxy's own default (one per CPU) when not given. Berth runs one: with
   * a line logged per request, threads contend for the log and cost more than they add (see
   * bench/router-overhead.ts), and one thread serves tens of thousands of requests a second.
   */
  threads?: number;
  /** Where HAProxy forwards its access log (a line each over TCP, from a ring buffer), e.g. "127.0.0.1:5514". */
  logTarget?: string;
  /** HTTPS with SNI; bound whenever given, even with no certificate yet (see render-tls.ts). */
  tls?: RouterTls;
  apps: RouterApp[];
}

/** What the router needs on disk: the config text and the files it names (absolute path → content). */
export interface RouterConfig {
  text: string;
  files: Record<string, string>;
}
