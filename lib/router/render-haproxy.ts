// Renders the router's whole HAProxy configuration from the desired state. Pure: the same state
// always gives the same text (sorted, no locale), so an unchanged state never causes a reload.
import { renderTls, type RenderedTls } from "./render-tls.ts";
import { ABSOLUTE_PATH, APP_NAME, byText, check, checkHostname, checkPort, contentFile, isAddress, matches, refuse, SERVER_NAME } from "./render-checks.ts";
import type { RouterApp, RouterConfig, RouterServer, RouterState } from "./types.ts";

function checkLogTarget(target: string): string {
  const [host = "", port = ""] = target.split(/:(?=\d+$)/);
  check(host, isAddress, "log target");
  checkPort(Number(port), "log target port");
  return target;
}

function checkThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) refuse(`bad router thread count ${threads} (1 to 64)`);
  return threads;
}

export const backendName = (app: string) => `app_${app}`;

/** A request id a client may choose (Heroku's rule): 20 to 200 letters, digits, `+ = / - _ . :`. */
const REQUEST_ID = "^[-+=/_.:A-Za-z0-9]{20,200}$";

function globalSection(state: RouterState): string[] {
  return [
    "global",
    `    stats socket ${check(state.statsSocket, matches(ABSOLUTE_PATH), "stats socket")} mode 600 level admin expose-fd listeners`,
    "    stats timeout 30s",
    // Old workers finish their in-flight requests after a reload, but not forever.
    "    hard-stop-after 60s",
    "    mworker-max-reloads 50",
    ...(state.threads === undefined ? [] : [`    nbthread ${checkThreads(state.threads)}`]),
    ...(state.logTarget ? ["    log ring@access_log local0"] : []),
  ];
}

/**
 * The access log goes into a ring buffer in HAProxy's memory, which forwards it over TCP to the
 * log collector, a line each. Sending each line as a UDP datagram cost the router 35-45% of its
 * throughput (a syscall and a wake-up of the collector per request, contended between threads);
 * the ring is written in memory and drained in batches — cheaply on one thread (see
 * RouterState.threads and bench/router-overhead.ts). While the collector restarts, lines
 * wait in the ring (HAProxy reconnects within a second) — unless a reload replaces the worker
 * that holds them meanwhile, or the ring overflows; UDP lost every line sent in that time.
 */
function accessLogRing(target: string): string[] {
  return [
    "ring access_log",
    "    description \"access log for Berth's log collector\"",
    "    format raw",
    "    maxlen 4096",
    // About 40,000 lines (a minute at 700 requests/s) can wait for a restarting collector.
    "    size 8388608",
    "    timeout connect 2s",
    "    timeout server 30s",
    `    server log_collector ${checkLogTarget(target)}`,
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

interface Routes {
  /** The host → backend map file and its content. */
  map: { file: string; content: string };
  redirects: string[];
}

function frontendSection(state: RouterState, routes: Routes, tls: RenderedTls | undefined): string[] {
  const bind = state.bindAddress === undefined ? "*" : check(state.bindAddress, isAddress, "bind address");
  const lines = ["frontend http", `    bind ${bind}:${checkPort(state.port, "port")}`];
  if (tls) {
    if (tls.port === state.port) refuse(`the TLS port ${tls.port} is also the HTTP port`);
    // Bound even before the first certificate, so a port conflict shows when the router starts,
    // not when a user uploads a certificate. strict-sni: a name with no certificate of its own
    // gets a refused handshake, never another app's certificate.
    lines.push(`    bind ${bind}:${tls.port} ssl strict-sni alpn h2,http/1.1 crt-list ${tls.crtList}`);
  }
  lines.push("    http-request set-var(txn.host) req.hdr(host),field(1,:),lower");
  // Apps trust this header to tell whether the request was encrypted: a client's own value is replaced.
  lines.push(`    http-request set-header X-Forwarded-Proto ${tls ? "%[ssl_fc,iif(https,http)]" : "http"}`);
  // As Heroku's router: the app gets an X-Request-ID — the client's own when it looks like an id
  // (so a request can be traced across services), else a new UUID — and the router line names it.
  // Whole header lines (fhdr), and only one: req.hdr would check just the last comma-separated
  // value, and let "<anything>,<an id>" through to the app.
  lines.push(`    http-request set-header X-Request-ID %[uuid()] unless { req.fhdr_cnt(x-request-id) eq 1 } { req.fhdr(x-request-id) -m reg ${REQUEST_ID} }`);
  if (state.logTarget) {
    // Logged as `{host|request id}` (see lib/logs/haproxy-log.ts). Only hosts of the map reach an
    // app's backend, and HAProxy escapes the characters that could end the field.
    lines.push("    http-request capture var(txn.host) len 253", "    http-request capture req.fhdr(x-request-id) len 200");
  }
  if (tls && routes.redirects.length) {
    // The host in the Location is one of the matched names, never a client's free text.
    const port = tls.port === 443 ? "" : `:${tls.port}`;
    lines.push(`    http-request redirect location https://%[var(txn.host)]${port}%[pathq] code 301 if !{ ssl_fc } { var(txn.host) -m str ${routes.redirects.join(" ")} }`);
  }
  // One lookup in a map (a tree), whatever the number of apps and domains: a chain of per-app
  // ACLs cost a few microseconds per request with 40 apps, enough to show in the router's throughput.
  lines.push(`    use_backend %[var(txn.host),map(${routes.map.file},no_app)]`);
  lines.push("    default_backend no_app");
  return lines;
}

const answer = (status: number, body: string) =>
  `    http-request return status ${status} content-type text/plain string "${body}\\n"`;

// A page, not a bare line: browsers show it to the app's visitors. No double quotes inside (the
// config string is double-quoted); the app name is checked against APP_NAME before it gets here.
const maintenancePage = (app: string) =>
  "<!doctype html><html><head><meta charset='utf-8'><title>Offline for maintenance</title></head>" +
  `<body><h1>${app} is offline for maintenance</h1><p>Please try again in a few minutes.</p></body></html>\\n`;

function backendSection(app: RouterApp, servers: RouterServer[]): string[] {
  const lines = [`backend ${backendName(app.name)}`];
  if (app.maintenance) {
    return [
      ...lines,
      `    http-request return status 503 content-type "text/html; charset=utf-8" string "${maintenancePage(app.name)}" hdr retry-after 120 hdr cache-control no-store`,
    ];
  }
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
  if (dup) refuse(`server ${dup.name} twice in ${app.name}`);
  return servers;
}

/**
 * The map of lower-cased hostnames to backends (a hostname may belong to one app only), and the
 * hostnames redirected to HTTPS (each must be the app's own and have a certificate).
 */
function checkRoutes(apps: RouterApp[], tls: RenderedTls | undefined, dir: string): Routes {
  const owner = new Map<string, string>();
  const redirects = new Set<string>();
  for (const app of apps) {
    const own = [...new Set(app.hostnames.map(checkHostname))];
    for (const h of own) {
      const other = owner.get(h);
      if (other) refuse(`hostname ${h} belongs to both ${other} and ${app.name}`);
      owner.set(h, app.name);
    }
    for (const h of (app.redirectHttps ?? []).map(checkHostname)) {
      if (!own.includes(h)) refuse(`${app.name} redirects ${h} to HTTPS, but does not route it`);
      if (!tls?.covered.has(h)) refuse(`${app.name} redirects ${h} to HTTPS, but it has no certificate`);
      redirects.add(h);
    }
  }
  const content = [...owner.keys()].sort(byText).map((h) => `${h} ${backendName(owner.get(h)!)}\n`).join("");
  return { map: { file: contentFile(dir, "hosts", "map", content), content }, redirects: [...redirects].sort(byText) };
}

/** The config text and the files it names (certificates, crt-list). */
export function renderRouterConfig(state: RouterState): RouterConfig {
  if (state.masterSocket !== undefined) check(state.masterSocket, matches(ABSOLUTE_PATH), "master socket");
  const apps = [...state.apps].sort((a, b) => byText(String(a.name), String(b.name)));
  apps.forEach((app, i) => {
    check(app.name, matches(APP_NAME), "app name");
    if (i > 0 && apps[i - 1]!.name === app.name) refuse(`app ${app.name} twice`);
  });
  const dir = check(state.filesDir, matches(ABSOLUTE_PATH), "files folder").replace(/\/+$/, "");
  const tls = state.tls ? renderTls(state.tls, dir) : undefined;
  const routes = checkRoutes(apps, tls, dir);
  const sections = [
    ["# Rendered by Berth from its database. Do not edit: the next deploy overwrites it."],
    globalSection(state),
    ...(state.logTarget ? [accessLogRing(state.logTarget)] : []),
    defaultsSection(state),
    frontendSection(state, routes, tls),
    ["backend no_app", answer(404, "No app at this address")],
    ...apps.map((app) => backendSection(app, checkServers(app))),
  ];
  return { text: sections.map((s) => s.join("\n")).join("\n\n") + "\n", files: { [routes.map.file]: routes.map.content, ...tls?.files } };
}

export function renderHaproxyConfig(state: RouterState): string {
  return renderRouterConfig(state).text;
}
