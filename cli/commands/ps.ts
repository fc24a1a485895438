// ps, ps:scale, ps:restart: the app's processes and formation.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { usageError } from "../errors.ts";
import { ago, printJson, printTable, say } from "../output.ts";

interface ProcessView {
  name: string;
  type: string;
  state: string;
  release: number;
  size: string;
  startedAt: string | null;
  restarts: number;
}

export const ps: Command = {
  name: "ps",
  summary: "list the app's processes",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<ProcessView[]>(`/apps/${seg(await ctx.app())}/processes`);
    if (ctx.json) return printJson(list);
    if (list.length === 0) return say("No processes running");
    printTable(
      ["process", "state", "release", "size", "restarts", "started"],
      list.map((p) => [p.name, p.state, `v${p.release}`, p.size, p.restarts, ago(p.startedAt)]),
    );
  },
};

const SCALE = /^([a-z][a-z0-9_-]{0,29})=(-?\d{1,6})(?::([a-z][a-z0-9-]{0,29}))?$|^([a-z][a-z0-9_-]{0,29}):([a-z][a-z0-9-]{0,29})$/;

export const psScale: Command = {
  name: "ps:scale",
  args: "TYPE=N[:SIZE]...",
  summary: "set how many processes of each type run, and their size (web=2 worker=1:large)",
  app: true,
  arity: [1, Infinity],
  async run(ctx) {
    // Every argument is checked before any change is sent, so a typo changes nothing.
    const changes = ctx.args.map((arg) => {
      const m = SCALE.exec(arg);
      if (!m) throw usageError(`${JSON.stringify(arg)} is not TYPE=N, TYPE=N:SIZE or TYPE:SIZE (e.g. web=2)`);
      const [type, quantity, size] = m[1] ? [m[1], Number(m[2]), m[3]] : [m[4]!, undefined, m[5]];
      if (quantity !== undefined && quantity < 0) throw usageError(`${type} cannot run ${quantity} processes: give 0 or more`);
      return { type: type!, body: { ...(quantity === undefined ? {} : { quantity }), ...(size ? { size } : {}) } };
    });
    const app = await ctx.app();
    const results: Array<{ type: string; quantity: number; size: string }> = [];
    for (const c of changes) results.push(await ctx.api().patch(`/apps/${seg(app)}/formation/${seg(c.type)}`, c.body));
    if (ctx.json) return printJson(results);
    say(`Scaling ${app}: ${results.map((r) => `${r.type}=${r.quantity}:${r.size}`).join(", ")}... done`);
  },
};

export const psRestart: Command = {
  name: "ps:restart",
  args: "[TYPE|PROCESS]",
  summary: "restart all processes, one type (web) or one process (web.1), rolling",
  app: true,
  arity: [0, 1],
  async run(ctx) {
    const app = await ctx.app();
    const route = ctx.args[0] ? `/apps/${seg(app)}/processes/${seg(ctx.args[0])}` : `/apps/${seg(app)}/processes`;
    const { restarting } = await ctx.api().delete<{ restarting: string[] }>(route);
    if (ctx.json) return printJson({ restarting });
    say(`Restarting ${restarting.join(", ")}... done`);
  },
};
