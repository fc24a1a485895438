// GET …/log-stream: the app's recent lines, then (with tail) new ones as they arrive, as
// server-sent events or plain text lines. History and live part meet at one stream id, so no line
// is shown twice or skipped between them.
import crypto from "node:crypto";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { takeLogTailSlot } from "../limits/log-tail-slots.ts";
import { formatLine, type StoredLogLine } from "./log-line.ts";
import { followLines, newestLogId, recentLines } from "./log-store.ts";
import { lineFilter, logStreamQuery } from "./schemas.ts";

const KEEPALIVE_MS = 15_000;
const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

export interface LogStreamRequest {
  query: Record<string, string>;
  accept: string | null;
  /** An EventSource reconnecting sends the id of the last event it got: resume right after it. */
  lastEventId: string | null;
  signal: AbortSignal;
}

export interface LogStreamBody {
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

export async function openLogStream(actor: Actor, appName: string, req: LogStreamRequest): Promise<LogStreamBody> {
  const app = await findApp(actor, appName);
  const query = logStreamQuery.parse(req.query);
  const filter = lineFilter(query);
  const plain = /\btext\/plain\b/.test(req.accept ?? "") && !/\btext\/event-stream\b/.test(req.accept ?? "");
  const resumeAfter = !plain && req.lastEventId && STREAM_ID.test(req.lastEventId) ? req.lastEventId : null;

  const upTo = resumeAfter ?? (await newestLogId(app.id));
  const history = resumeAfter || query.lines === 0 ? [] : await recentLines(app.id, query.lines, filter, upTo);
  const encoder = new TextEncoder();
  const encode = plain ? (l: StoredLogLine) => `${formatLine(l)}\n` : (l: StoredLogLine) => `id: ${l.id}\ndata: ${JSON.stringify(l)}\n\n`;
  const follow = query.tail || resumeAfter;

  let live: AsyncGenerator<StoredLogLine> | null = null;
  // A live tail holds one of the user's tail slots until it ends, however it ends: the client
  // goes away (abort, cancel), the stream errors or closes.
  const slot = follow ? await takeLogTailSlot(actor, crypto.randomUUID()) : null;
  const abort = new AbortController();
  const end = () => {
    abort.abort();
    slot?.release().catch(() => undefined);
  };
  if (req.signal.aborted) end();
  req.signal.addEventListener("abort", end, { once: true });

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Reconnect after 2 s; the history goes out in one piece.
      const head = plain ? "" : "retry: 2000\n\n";
      controller.enqueue(encoder.encode(head + history.map(encode).join("")));
      if (!follow || abort.signal.aborted) {
        end();
        return controller.close();
      }
      live = followLines(app.id, {
        after: upTo,
        filter,
        signal: abort.signal,
        idleMs: KEEPALIVE_MS,
        // SSE comments keep proxies from closing a quiet stream; plain text has no such thing.
        onIdle: plain ? undefined : () => controller.enqueue(encoder.encode(": keep-alive\n\n")),
      });
    },
    async pull(controller) {
      if (!live) return;
      try {
        const next = await live.next();
        if (next.done) {
          end();
          controller.close();
        } else controller.enqueue(encoder.encode(encode(next.value)));
      } catch (err) {
        const aborted = abort.signal.aborted;
        end();
        if (!aborted) controller.error(err);
      }
    },
    async cancel() {
      end();
      await live?.return(undefined);
    },
  });
  return { contentType: plain ? "text/plain; charset=utf-8" : "text/event-stream; charset=utf-8", body };
}
