// Receives HAProxy's access log and turns each request into a router line in its app's log; the
// same requests feed the router metrics (rate, status classes, response-time percentiles).
// HAProxy writes the log into a ring buffer of its own and forwards it over TCP on loopback, a
// line per request (see accessLogRing in lib/router/render-haproxy.ts): HAProxy never waits on
// the collector, and lines wait in the ring while the collector restarts (see accessLogRing for
// when they do not). Every HAProxy worker (old ones draining after a reload too) has its own
// connection.
import net from "node:net";
import { settings } from "../../env.ts";
import type { RequestTally } from "../../metrics/request-window.ts";
import { parseHaproxyLog, routerLineText } from "../haproxy-log.ts";
import { isoTime, type LogLine } from "../log-line.ts";
import { appendLines } from "../log-store.ts";
import { appIdByName } from "./app-ids.ts";

/** Longer than any line HAProxy sends (its ring's maxlen): a connection that exceeds it is not HAProxy. */
const MAX_LINE_BYTES = 8192;

export interface RouterLog {
  /** The loopback address HAProxy sends to. */
  target: string;
  stop: () => Promise<void>;
}

export async function startRouterLog(tally: RequestTally, port = settings.routerLogPort): Promise<RouterLog> {
  const pending: Array<{ app: string; line: LogLine; status: number; totalMs: number }> = [];
  let writing: Promise<void> | null = null;

  const writeAll = async () => {
    while (pending.length) {
      const batch = pending.splice(0, 1000);
      const byApp = new Map<string, LogLine[]>();
      for (const { app, line, status, totalMs } of batch) {
        const appId = await appIdByName(app);
        if (!appId) continue;
        tally.add(appId, status, totalMs);
        const lines = byApp.get(appId);
        if (lines) lines.push(line);
        else byApp.set(appId, [line]);
      }
      await Promise.all([...byApp].map(([appId, lines]) => appendLines(appId, lines)));
    }
  };
  const kick = () => {
    writing ??= writeAll()
      .catch((err) => console.error(`log collector: storing router lines failed: ${(err as Error).message}`))
      .finally(() => {
        writing = null;
        if (pending.length) kick();
      });
  };

  const receive = (text: string) => {
    const request = parseHaproxyLog(text);
    if (!request) return;
    pending.push({
      app: request.app,
      status: request.status,
      totalMs: request.totalMs,
      line: { time: isoTime(), source: "router", process: request.process, text: routerLineText(request) },
    });
  };
  const connections = new Set<net.Socket>();
  const server = net.createServer((connection) => {
    connections.add(connection);
    let partial = "";
    connection.setEncoding("utf8");
    connection.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop()!;
      if (partial.length > MAX_LINE_BYTES) connection.destroy();
      for (const line of lines) receive(line);
      kick();
    });
    connection.on("error", () => undefined); // a worker that exits mid-write; it is gone either way
    connection.on("close", () => connections.delete(connection));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => console.error(`log collector: router log listener: ${err.message}`));
  return {
    target: `127.0.0.1:${port}`,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of connections) c.destroy();
      await closed;
      while (writing) await writing;
    },
  };
}
