// Receives HAProxy's access log over syslog (UDP, loopback only) and turns each request into a
// router line in its app's log; the same requests feed the router metrics (rate, status classes,
// response-time percentiles). UDP because HAProxy never waits on it: a slow or absent collector
// costs log lines, never requests.
import dgram from "node:dgram";
import { settings } from "../../env.ts";
import type { RequestTally } from "../../metrics/request-window.ts";
import { parseHaproxyLog, routerLineText } from "../haproxy-log.ts";
import { isoTime, type LogLine } from "../log-line.ts";
import { appendLines } from "../log-store.ts";
import { appIdByName } from "./app-ids.ts";

/** Bursts of requests must not overflow the socket while a write to Redis is in flight. */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

export interface RouterLog {
  /** The loopback address HAProxy sends to. */
  target: string;
  stop: () => Promise<void>;
}

export async function startRouterLog(tally: RequestTally, port = settings.syslogPort): Promise<RouterLog> {
  const socket = dgram.createSocket({ type: "udp4", recvBufferSize: RECEIVE_BUFFER_BYTES });
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
        byApp.set(appId, [...(byApp.get(appId) ?? []), line]);
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

  socket.on("message", (msg) => {
    const request = parseHaproxyLog(msg.toString("utf8"));
    if (!request) return;
    pending.push({
      app: request.app,
      status: request.status,
      totalMs: request.totalMs,
      line: { time: isoTime(), source: "router", process: request.process, text: routerLineText(request) },
    });
    kick();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, "127.0.0.1", () => {
      socket.off("error", reject);
      resolve();
    });
  });
  socket.on("error", (err) => console.error(`log collector: router log socket: ${err.message}`));
  return {
    target: `127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      while (writing) await writing;
    },
  };
}
