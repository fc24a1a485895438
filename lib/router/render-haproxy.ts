// Renders the router's whole HAProxy configuration from the desired state. Pure: the same state
// always gives the same text, so an unchanged state never causes a reload.
import type { RouterApp, RouterState } from "./types.ts";

const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const SERVER_NAME = /^[a-zA-Z0-9._-]{1,64}$/;
const ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[a-z0-9.-]{1,253})$/;
const PATH = /^[a-zA-Z0-9/._-]+$/;
const LOG_TARGET = /^[a-z0-9.-]+:\d{1,5}$/;

/** Nothing from the state reaches the file unless it matches its pattern: no config injection. */
function check(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new Error(`refusing to render the router config: bad ${what} ${JSON.stringify(value).slice(0, 80)}`);
  return value;
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`refusing to render the router config: bad ${what} ${port}`);
  return port;
}

export const backendName = (app: string) => `app_${app}`;

function globalSection(state: RouterState): string[] {
  return [
    "global",
    `    stats socket ${check(state.statsSocket, PATH, "stats socket")} mode 600 level admin expose-fd listeners`,
    "    stats timeout 30s",
    // Old workers finish their in-flight requests after a reload, but not forever.
    "    hard-stop-after 60s",
    "    mworker-max-reloads 50",
    ...(state.logTarget ? [`    log ${check(state.logTarget, LOG_TARGET, "log target")} local0`] : []),
  ];
}

function defaultsSection(state: RouterState): string[] {
  return [
    "defaults",
    "    mode http",
    ...(state.logTarget ? ["    log global", "    option httplog"] : []),
    "    option forwardfor",
    // During a reload, idle keep-alive connections stay open until their next request, which is
    // answered and then closed: clients never send into a connection that is being closed.
    "    option idle-close-on-response",
    // A request that reaches a container that has just gone away is retried on another one.
    "    retries 3",
    "    retry-on conn-failure empty-response",
    "    option redispatch 1",
    "    timeout connect 5s",
    "    timeout client 60s",
    "    timeout server 60s",
    "    timeout http-request 10s",
    "    timeout http-keep-alive 10s",
    "    timeout queue 30s",
  ];
}

function frontendSection(state: RouterState, apps: RouterApp[]): string[] {
  const lines = ["frontend http", `    bind ${state.bindAddress ? check(state.bindAddress, ADDRESS, "bind address") : "*"}:${checkPort(state.port, "port")}`];
  lines.push("    http-request set-var(txn.host) req.hdr(host),field(1,:),lower");
  for (const app of apps) {
    const hosts = [...new Set(app.hostnames.map((h) => check(h.toLowerCase(), HOSTNAME, "hostname")))].sort();
    if (hosts.length) lines.push(`    use_backend ${backendName(app.name)} if { var(txn.host) -m str ${hosts.join(" ")} }`);
  }
  lines.push("    default_backend no_app");
  return lines;
}

function backendSection(app: RouterApp): string[] {
  const lines = [`backend ${backendName(app.name)}`, "    balance roundrobin"];
  if (app.servers.length === 0) {
    lines.push(`    http-request return status 503 content-type text/plain string "No web processes are running for ${app.name}.\\n"`);
    return lines;
  }
  for (const s of [...app.servers].sort((a, b) => a.name.localeCompare(b.name))) {
    lines.push(
      `    server ${check(s.name, SERVER_NAME, "server name")} ${check(s.address, ADDRESS, "address")}:${checkPort(s.port, "server port")} check inter 2s fall 2 rise 1`,
    );
  }
  return lines;
}

export function renderHaproxyConfig(state: RouterState): string {
  const apps = [...state.apps].sort((a, b) => a.name.localeCompare(b.name));
  for (const app of apps) check(app.name, APP_NAME, "app name");
  const sections = [
    ["# Rendered by Berth from its database. Do not edit: the next deploy overwrites it."],
    globalSection(state),
    defaultsSection(state),
    frontendSection(state, apps),
    ["backend no_app", '    http-request return status 404 content-type text/plain string "No app at this address.\\n"'],
    ...apps.map(backendSection),
  ];
  return sections.map((s) => s.join("\n")).join("\n\n") + "\n";
}
