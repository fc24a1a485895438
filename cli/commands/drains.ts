// drains, drains:add, drains:remove: where the app's log is forwarded.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { ago, printJson, printTable, say } from "../output.ts";

interface DrainView {
  id: string;
  url: string;
  state: string;
  delivered: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

export const drains: Command = {
  name: "drains",
  summary: "list the app's log drains, with what they delivered and their last error",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<DrainView[]>(`/apps/${seg(await ctx.app())}/log-drains`);
    if (ctx.json) return printJson(list);
    if (list.length === 0) return say("No drains: add one with `berth drains:add https://…`");
    printTable(["id", "url", "state", "delivered", "last error"], list.map((d) => [d.id, d.url, d.state, d.delivered, d.lastError ? `${d.lastError} (${ago(d.lastErrorAt)})` : ""]));
  },
};

export const drainsAdd: Command = {
  name: "drains:add",
  args: "URL",
  summary: "forward every new log line to https://… or syslog+tls://host:port",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    const drain = await ctx.api().post<DrainView>(`/apps/${seg(app)}/log-drains`, { url: ctx.args[0] });
    if (ctx.json) return printJson(drain);
    say(`Added drain ${drain.id} (${drain.url}) to ${app}`);
  },
};

export const drainsRemove: Command = {
  name: "drains:remove",
  args: "ID",
  summary: "stop forwarding to a drain",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    await ctx.api().delete(`/apps/${seg(app)}/log-drains/${seg(ctx.args[0]!)}`);
    if (ctx.json) return printJson({ id: ctx.args[0], removed: true });
    say(`Removed drain ${ctx.args[0]} from ${app}`);
  },
};
