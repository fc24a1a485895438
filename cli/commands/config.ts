// config, config:get, config:set, config:unset: the app's environment; every change is a release.
import type { Command } from "../command.ts";
import type { Context } from "../context.ts";
import { seg } from "../context.ts";
import { CliError, usageError } from "../errors.ts";
import { printJson, say } from "../output.ts";

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

async function latestVersion(ctx: Context, app: string): Promise<string> {
  const releases = await ctx.api().get<Array<{ version: number }>>(`/apps/${seg(app)}/releases?limit=1`);
  return releases[0] ? `v${releases[0].version}` : "";
}

export const config: Command = {
  name: "config",
  summary: "show the app's config vars",
  app: true,
  flags: { shell: { short: "s", describe: "print KEY=value lines" } },
  arity: [0, 0],
  async run(ctx) {
    const vars = await ctx.api().get<Record<string, string>>(`/apps/${seg(await ctx.app())}/config-vars`);
    if (ctx.json) return printJson(vars);
    const keys = Object.keys(vars).sort();
    if (ctx.flags.shell) return void keys.forEach((k) => process.stdout.write(`${k}=${vars[k]}\n`));
    const width = Math.max(0, ...keys.map((k) => k.length));
    for (const k of keys) process.stdout.write(`${`${k}:`.padEnd(width + 1)} ${vars[k]}\n`);
  },
};

export const configGet: Command = {
  name: "config:get",
  args: "KEY",
  summary: "print one config var's value",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const vars = await ctx.api().get<Record<string, string>>(`/apps/${seg(await ctx.app())}/config-vars`);
    const key = ctx.args[0]!;
    if (!(key in vars)) throw new CliError(`${key} is not set`);
    process.stdout.write(ctx.json ? `${JSON.stringify(vars[key])}\n` : `${vars[key]}\n`);
  },
};

export const configSet: Command = {
  name: "config:set",
  args: "KEY=VALUE...",
  summary: "set config vars (one new release for all of them)",
  app: true,
  arity: [1, Infinity],
  async run(ctx) {
    const changes: Record<string, string> = {};
    for (const pair of ctx.args) {
      const eq = pair.indexOf("=");
      const key = eq > 0 ? pair.slice(0, eq) : "";
      if (!KEY.test(key)) throw usageError(`${JSON.stringify(pair)} is not KEY=value (a key is letters, digits and _, not starting with a digit)`);
      changes[key] = pair.slice(eq + 1);
    }
    const app = await ctx.app();
    await ctx.api().patch(`/apps/${seg(app)}/config-vars`, changes);
    const version = await latestVersion(ctx, app);
    if (ctx.json) return printJson({ app, set: Object.keys(changes), release: version });
    say(`Set ${Object.keys(changes).join(", ")} and restarting ${app}... done, ${version}`);
  },
};

export const configUnset: Command = {
  name: "config:unset",
  args: "KEY...",
  summary: "remove config vars (one new release)",
  app: true,
  arity: [1, Infinity],
  async run(ctx) {
    for (const key of ctx.args) if (!KEY.test(key)) throw usageError(`${JSON.stringify(key)} is not a config var name`);
    const app = await ctx.app();
    await ctx.api().patch(`/apps/${seg(app)}/config-vars`, Object.fromEntries(ctx.args.map((k) => [k, null])));
    const version = await latestVersion(ctx, app);
    if (ctx.json) return printJson({ app, unset: ctx.args, release: version });
    say(`Unset ${ctx.args.join(", ")} and restarting ${app}... done, ${version}`);
  },
};
