// Renders the router's whole HAProxy configuration from the desired state. Pure: the same state
// always gives the same text (sorted, no locale), so an unchanged state never causes a reload.
import type { RouterApp, RouterServer, RouterState } from "./types.ts";

const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;
const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const SERVER_NAME = /^[a-zA-Z0-9._-]{1,64}$/;
const SOCKET_PATH = /^\/[a-zA-Z0-9/._-]{1,200}$/;

/** Nothing from the state reaches the file unless it matches its pattern: no config injection. */
function check(value: unknown, valid: (v: string) => boolean, what: string): string {
  if (typeof value !== "string" || !valid(value)) {
    throw new Error(`refusing to render the router config: bad ${what} ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value;
}

const matches = (pattern: RegExp) => (v: string) => pattern.test(v);
// A name whose last label is all digits is a mistyped IPv4 address, not a hostname.
const isAddress = (v: string) => IPV4.test(v) || (HOSTNAME.test(v) && !/(^|\.)\d+$/.test(v));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function checkPort(port: unknown, what: string): number {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    throw new Error(`refusing to render the router config: bad ${what} ${String(port)}`);
  }
  return port as number;
}

function checkLogTarget(target: string): string {
  const [host = "", port = ""] = target.split(/:(?=\d+$)/);
  check(host, isAddress, "log target");
  checkPort(Number(port), "log target port");
  return target;
}

export const backendName = (app: string) => `app_${app}`;

function globalSection(state: RouterState): string[] {
  return [
    "global",
    `    stats socket ${check(state.statsSocket, matches(SOCKET_PATH), "stats socket")} mode 600 level admin expose-fd listeners`,
    "    stats timeout 30s",
    // Old workers finish their in-flight requests after a reload, but not forever.
    "    hard-stop-after 60s",
    "    mworker-max-reloads 50",
    ...(state.logTarget ? [`    log ${checkLogTarget(state.logTarget)} local0`] : []),
  ];
}

function defaultsSection(state: RouterState): string[] {
  return [
    "defaults",
    "    mode http",
    ...(state.logTarget ? ["    log global", "    option httplog"] : []),
    "    option forwardfor",
    // During a reload the old worker keeps idle keep-alive connections open until their next
    // request, answers it with "Connection: close", and only then closes: a client never writes
    // into a connection that is being closed under it.
    "    option idle-close-on-response",
    // A request that reaches a container that has just gone away is retried on another one.
    // Unsafe methods are only retried when nothing was sent (see each backend).
    "    retries 3",
    "    retry-on conn-failure empty-response response-timeout",
    "    option redispatch 1",
    "    timeout connect 5s",
    "    timeout client 60s",
    "    timeout server 60s",
    "    timeout http-request 10s",
    "    timeout http-keep-alive 10s",
    "    timeout queue 30s",
  ];
}

function frontendSection(state: RouterState, routes: [string, string[]][]): string[] {
  const bind = state.bindAddress === undefined ? "*" : check(state.bindAddress, isAddress, "bind address");
  const lines = ["frontend http", `    bind ${bind}:${checkPort(state.port, "port")}`];
  lines.push("    http-request set-var(txn.host) req.hdr(host),field(1,:),lower");
  for (const [app, hosts] of routes) {
    if (hosts.length) lines.push(`    use_backend ${backendName(app)} if { var(txn.host) -m str ${hosts.join(" ")} }`);
  }
  lines.push("    default_backend no_app");
  return lines;
}

const answer = (status: number, body: string) =>
  `    http-request return status ${status} content-type text/plain string "${body}\\n"`;

function backendSection(app: RouterApp, servers: RouterServer[]): string[] {
  const lines = [`backend ${backendName(app.name)}`];
  if (app.maintenance) return [...lines, answer(503, `${app.name} is offline for maintenance`)];
  if (servers.length === 0) return [...lines, answer(503, `No web processes running for ${app.name}`)];
  lines.push(
    "    balance roundrobin",
    // A POST replayed after the app saw it could, say, charge a card twice. Set here, not in the
    // frontend: choosing the backend resets the stream's retry flags.
    "    http-request disable-l7-retry unless METH_GET or METH_OPTIONS",
  );
  for (const s of servers) lines.push(`    server ${s.name} ${s.address}:${s.port} check inter 2s fall 2 rise 1`);
  return lines;
}

function checkServers(app: RouterApp): RouterServer[] {
  const servers = app.servers.map((s) => ({
    name: check(s.name, matches(SERVER_NAME), "server name"),
    address: check(s.address, isAddress, "address"),
    port: checkPort(s.port, "server port"),
  }));
  servers.sort((a, b) => byText(a.name, b.name));
  const dup = servers.find((s, i) => i > 0 && servers[i - 1]!.name === s.name);
  if (dup) throw new Error(`refusing to render the router config: server ${dup.name} twice in ${app.name}`);
  return servers;
}

/** Each app's sorted, lower-cased hostnames; a hostname may belong to one app only. */
function checkRoutes(apps: RouterApp[]): [string, string[]][] {
  const owner = new Map<string, string>();
  return apps.map((app) => {
    const hosts = [...new Set(app.hostnames.map((h) => check(typeof h === "string" ? h.toLowerCase() : h, matches(HOSTNAME), "hostname")))];
    for (const h of hosts) {
      const other = owner.get(h);
      if (other) throw new Error(`refusing to render the router config: hostname ${h} belongs to both ${other} and ${app.name}`);
      owner.set(h, app.name);
    }
    return [app.name, hosts.sort(byText)];
  });
}

export function renderHaproxyConfig(state: RouterState): string {
  if (state.masterSocket !== undefined) check(state.masterSocket, matches(SOCKET_PATH), "master socket");
  const apps = [...state.apps].sort((a, b) => byText(String(a.name), String(b.name)));
  apps.forEach((app, i) => {
    check(app.name, matches(APP_NAME), "app name");
    if (i > 0 && apps[i - 1]!.name === app.name) throw new Error(`refusing to render the router config: app ${app.name} twice`);
  });
  const sections = [
    ["# Rendered by Berth from its database. Do not edit: the next deploy overwrites it."],
    globalSection(state),
    defaultsSection(state),
    frontendSection(state, checkRoutes(apps)),
    ["backend no_app", answer(404, "No app at this address")],
    ...apps.map((app) => backendSection(app, checkServers(app))),
  ];
  return sections.map((s) => s.join("\n")).join("\n\n") + "\n";
}
