// domains, domains:add, domains:remove: hostnames routed to the app.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { printJson, printTable, say } from "../output.ts";

export interface DomainView {
  hostname: string;
  default: boolean;
  url: string;
  httpsUrl: string | null;
  certExpiresAt: string | null;
  certificate?: { names: string[]; issuer: string } | null;
}

export const domains: Command = {
  name: "domains",
  summary: "list the app's hostnames",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<DomainView[]>(`/apps/${seg(await ctx.app())}/domains`);
    if (ctx.json) return printJson(list);
    printTable(["hostname", "url", "certificate"], list.map((d) => [d.hostname, d.url, d.certExpiresAt ? `until ${d.certExpiresAt.slice(0, 10)}` : d.default ? "" : "none"]));
  },
};

export const domainsAdd: Command = {
  name: "domains:add",
  args: "HOSTNAME",
  summary: "route a hostname to the app (point its DNS at the router)",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    const domain = await ctx.api().post<DomainView>(`/apps/${seg(app)}/domains`, { hostname: ctx.args[0] });
    if (ctx.json) return printJson(domain);
    say(`Added ${domain.hostname} to ${app}`);
  },
};

export const domainsRemove: Command = {
  name: "domains:remove",
  args: "HOSTNAME",
  summary: "stop routing a hostname to the app",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    await ctx.api().delete(`/apps/${seg(app)}/domains/${seg(ctx.args[0]!)}`);
    if (ctx.json) return printJson({ hostname: ctx.args[0], removed: true });
    say(`Removed ${ctx.args[0]} from ${app}`);
  },
};
