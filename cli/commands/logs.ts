// logs: the app's recent log lines, and with -t every new one as it arrives (Ctrl-C to stop).
// A followed stream that drops (Berth restarting) is resumed after the last line shown.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { CliError, ConnectionError, EXIT, usageError } from "../errors.ts";
import { readEvents } from "../stream-lines.ts";

interface Line {
  id: string;
  time: string;
  source: string;
  process: string;
  text: string;
}

/** How long a followed stream may stay broken before `logs -t` gives up. */
const RECONNECT_FOR_MS = 30_000;

const format = (l: Line) => `${l.time} ${l.source}${l.process ? `[${l.process}]` : ""}: ${l.text}`;

export const logs: Command = {
  name: "logs",
  summary: "show the app's log (app, router, build, berth and add-on lines)",
  app: true,
  flags: {
    tail: { short: "t", describe: "keep printing new lines as they arrive" },
    num: { short: "n", value: true, describe: "how many recent lines (default 100)" },
    source: { short: "s", value: true, describe: "only these sources: app, router, build, berth, addon (comma-separated)" },
    process: { short: "p", value: true, describe: "only these processes: web, or web.1 (comma-separated)" },
    dyno: { short: "d", value: true, describe: "the same as --process" },
  },
  arity: [0, 0],
  async run(ctx) {
    const num = ctx.flag("num") ?? "100";
    if (!/^\d{1,6}$/.test(num)) throw usageError("--num must be a whole number of 0 or more");
    const query = new URLSearchParams({ lines: num, tail: ctx.flags.tail ? "true" : "false" });
    const source = ctx.flag("source");
    const proc = ctx.flag("process") ?? ctx.flag("dyno");
    if (source) query.set("source", source);
    if (proc) query.set("process", proc);
    const route = `/apps/${seg(await ctx.app())}/log-stream?${query}`;

    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once("SIGINT", onSigint);
    let lastId: string | undefined;
    let brokenSince: number | null = null;
    try {
      for (;;) {
        try {
          const headers: Record<string, string> = { accept: "text/event-stream", ...(lastId ? { "last-event-id": lastId } : {}) };
          const res = await ctx.api().send("GET", route, undefined, headers, abort.signal);
          brokenSince = null;
          for await (const event of readEvents(res)) {
            const line = JSON.parse(event.data) as Line;
            lastId = line.id;
            process.stdout.write(ctx.json ? `${JSON.stringify(line)}\n` : `${format(line)}\n`);
          }
          if (!ctx.flags.tail) return EXIT.ok;
        } catch (err) {
          if (abort.signal.aborted) return EXIT.interrupted;
          // Refused requests (a wrong app, a bad filter) fail at once; a dropped stream is resumed.
          const refused = err instanceof CliError && !(err instanceof ConnectionError);
          if (refused || !ctx.flags.tail) throw err instanceof CliError ? err : new CliError(`the log stream broke: ${(err as Error).message}`);
        }
        brokenSince ??= Date.now();
        if (Date.now() - brokenSince > RECONNECT_FOR_MS) throw new CliError("the log stream broke and Berth did not come back within 30 s");
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      process.off("SIGINT", onSigint);
    }
  },
};
