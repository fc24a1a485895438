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
  /** Where HAProxy sends its access log (syslog over UDP), e.g. "127.0.0.1:5514". */
  logTarget?: string;
  apps: RouterApp[];
}
