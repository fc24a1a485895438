// addons, addons:create, addons:destroy: the app's managed services (redis, mysql, postgres).
import type { Command } from "../command.ts";
import type { Context } from "../context.ts";
import { seg } from "../context.ts";
import { CliError, usageError } from "../errors.ts";
import { printJson, printTable, say } from "../output.ts";

interface AddonView {
  name: string;
  service: string;
  plan: string;
  state: string;
  error: string | null;
  configVar?: string;
}

const WAIT_MS = 5 * 60_000;

async function waitUntilSettled(ctx: Context, app: string, name: string): Promise<AddonView> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const addon = await ctx.api().get<AddonView>(`/apps/${seg(app)}/addons/${seg(name)}`);
    if (addon.state !== "provisioning") return addon;
    if (Date.now() > deadline) throw new CliError(`${name} is still provisioning after ${WAIT_MS / 60_000} minutes; check it with berth addons`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export const addons: Command = {
  name: "addons",
  summary: "list the app's add-ons",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<AddonView[]>(`/apps/${seg(await ctx.app())}/addons`);
    if (ctx.json) return printJson(list);
    if (list.length === 0) return say("No add-ons: create one with `berth addons:create redis`");
    printTable(["name", "service", "plan", "state", "config var"], list.map((a) => [a.name, a.service, a.plan, a.error ? `${a.state} (${a.error})` : a.state, a.configVar]));
  },
};

export const addonsCreate: Command = {
  name: "addons:create",
  args: "SERVICE",
  summary: "provision an add-on (redis, mysql, postgres) and attach it to the app",
  app: true,
  flags: {
    plan: { value: true, describe: "the service's plan" },
    as: { value: true, describe: "the config var prefix, e.g. CACHE for CACHE_URL" },
    wait: { describe: "wait until it is available (or failed)" },
  },
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    const body = { service: ctx.args[0], ...(ctx.flag("plan") ? { plan: ctx.flag("plan") } : {}), ...(ctx.flag("as") ? { as: ctx.flag("as") } : {}) };
    let addon = await ctx.api().post<AddonView>(`/apps/${seg(app)}/addons`, body);
    if (ctx.flags.wait) addon = await waitUntilSettled(ctx, app, addon.name);
    if (ctx.json) return printJson(addon);
    if (addon.state === "failed") throw new CliError(`${addon.name} failed to provision: ${addon.error ?? "see berth logs"}`);
    say(addon.state === "available" ? `Created ${addon.name}; ${addon.configVar ?? "its URL"} is set on ${app}` : `Creating ${addon.name}... ${addon.state}; ${addon.configVar ?? "its URL"} is set on ${app} once it is available`);
  },
};

export const addonsDestroy: Command = {
  name: "addons:destroy",
  args: "NAME",
  summary: "detach an add-on from the app and delete it with its data",
  app: true,
  flags: { confirm: { value: true, describe: "the add-on's name again: nothing is deleted without it" } },
  arity: [1, 1],
  async run(ctx) {
    const name = ctx.args[0]!;
    if (ctx.flag("confirm") !== name) throw usageError(`this deletes ${name} and its data for good; confirm with --confirm ${name}`);
    const app = await ctx.app();
    const attached = await ctx.api().get<AddonView[]>(`/apps/${seg(app)}/addons`);
    if (attached.some((a) => a.name === name)) await ctx.api().delete(`/apps/${seg(app)}/addons/${seg(name)}`);
    await ctx.api().delete(`/addons/${seg(name)}`, { confirm: name });
    if (ctx.json) return printJson({ name, destroyed: true });
    say(`Destroyed ${name}`);
  },
};
