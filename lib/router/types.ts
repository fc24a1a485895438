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
}

export interface RouterState {
  port: number;
  bindAddress?: string;
  /** The runtime API socket; `expose-fd listeners` on it lets a reload take over the listeners. */
  statsSocket: string;
  /** Where HAProxy sends its access log (syslog over UDP), when set. */
  logTarget?: string;
  apps: RouterApp[];
}
