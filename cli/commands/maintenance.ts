// maintenance, maintenance:on, maintenance:off: while it is on, the router answers every request
// to the app with 503 and a maintenance page; the processes keep running.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { printJson, say } from "../output.ts";

export const maintenance: Command = {
  name: "maintenance",
  summary: "say whether the app is in maintenance mode",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const app = await ctx.api().get<{ name: string; maintenance: boolean }>(`/apps/${seg(await ctx.app())}`);
    if (ctx.json) return printJson({ app: app.name, maintenance: app.maintenance });
    process.stdout.write(app.maintenance ? "on\n" : "off\n");
  },
};

function switchMaintenance(on: boolean): Command {
  return {
    name: on ? "maintenance:on" : "maintenance:off",
    summary: on ? "answer every request with 503 and a maintenance page" : "send requests to the app again",
    app: true,
    arity: [0, 0],
    async run(ctx) {
      const name = await ctx.app();
      await ctx.api().patch(`/apps/${seg(name)}`, { maintenance: on });
      if (ctx.json) return printJson({ app: name, maintenance: on });
      say(`${on ? "Enabled" : "Disabled"} maintenance mode for ${name}`);
    },
  };
}

export const maintenanceOn = switchMaintenance(true);
export const maintenanceOff = switchMaintenance(false);
