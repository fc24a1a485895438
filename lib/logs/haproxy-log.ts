// HAProxy's access log (`option httplog`, sent over syslog) → a router line for the app whose
// backend served it, in the key=value form Heroku's router uses. Pure: tested with sample lines.
//
// The httplog format: %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc
//                     %ac/%fc/%bc/%sc/%rc %sq/%bq [{captured headers}] %{+Q}r
// Berth's router captures `{host|request id}` (see frontendSection in lib/router/render-haproxy.ts).

export interface RouterRequest {
  /** The app, from its backend `app_<name>`. */
  app: string;
  /** web.1, from the server `web.1-a1b2c3`; "" when no server took it (maintenance, none up). */
  process: string;
  client: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  /** Time to connect to the container, and for it to answer the headers (ms; -1 = never). */
  connectMs: number;
  serviceMs: number;
  /** The whole request, accepted to last byte (ms). */
  totalMs: number;
  /** HAProxy's termination state, "----" for a normal end. */
  termination: string;
  /** The Host the request named, and its X-Request-ID; "" when the line has no captures. */
  host: string;
  requestId: string;
}

const SYSLOG_HEADER = /^<\d{1,3}>(?:1 \S+ \S+ \S+ \S+ \S+ (?:-|\[.*?\]) |.*?\]: )/s;
const HTTPLOG =
  /^(\S+?):\d+ \[[^\]]+\] \S+ (\S+?)\/(\S+) (-?\d+)\/(-?\d+)\/(-?\d+)\/(-?\d+)\/\+?(-?\d+) (-?\d+) \+?(\d+) \S+ \S+ (\S{4}) \S+ \S+(?: \{([^}]*)\})?(?: \{[^}]*\})* "(.*)"\s*$/s;
/** What a captured field may hold to be shown as is (HAProxy writes other bytes as #XX). */
const PLAIN_FIELD = /^[-+=/_.:A-Za-z0-9]{1,253}$/;

/** Parses one syslog datagram from HAProxy; null for anything that is not an app's request. */
export function parseHaproxyLog(datagram: string): RouterRequest | null {
  const header = SYSLOG_HEADER.exec(datagram);
  const message = header ? datagram.slice(header[0].length) : datagram;
  const m = HTTPLOG.exec(message);
  if (!m) return null;
  const [, client, backend, server, , , connect, service, total, status, bytes, termination, captured = "", request] = m;
  if (!backend!.startsWith("app_")) return null;
  const [host = "", requestId = ""] = captured.split("|").map((field) => (PLAIN_FIELD.test(field) ? field : ""));
  const [method = "", path = ""] = request!.split(" ");
  return {
    app: backend!.slice(4),
    process: server === "<NOSRV>" ? "" : server!.replace(/-[0-9a-z]+$/, ""),
    client: client!,
    method: method.startsWith("<") ? "" : method,
    path,
    status: Number(status),
    bytes: Number(bytes),
    connectMs: Number(connect),
    serviceMs: Number(service),
    totalMs: Math.max(0, Number(total)),
    termination: termination!,
    host,
    requestId,
  };
}

/** The router line's text, e.g. `at=info method=GET path="/" status=200 bytes=12 dyno=web.1 …`. */
export function routerLineText(r: RouterRequest): string {
  // As Heroku's router: at=error when the router itself failed the request (no process took it,
  // a connection broke, a timeout), not when the app answered with an error status.
  const failed = r.process === "" || !r.termination.startsWith("--");
  return [
    `at=${failed ? "error" : "info"}`,
    `method=${r.method || "-"}`,
    `path=${JSON.stringify(r.path)}`,
    ...(r.host ? [`host=${r.host}`] : []),
    ...(r.requestId ? [`request_id=${r.requestId}`] : []),
    `status=${r.status}`,
    `bytes=${r.bytes}`,
    `dyno=${r.process || "none"}`,
    `connect=${r.connectMs}ms`,
    `service=${r.serviceMs}ms`,
    `total=${r.totalMs}ms`,
    `fwd=${JSON.stringify(r.client)}`,
    ...(r.termination === "----" ? [] : [`termination=${r.termination}`]),
  ].join(" ");
}
