// releases, rollback: the app's numbered releases, and going back to one (as a new release).
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { CliError, usageError } from "../errors.ts";
import { ago, printJson, printTable, say } from "../output.ts";

interface ReleaseView {
  version: number;
  status: string;
  summary: string;
  error: string | null;
  createdAt: string;
}

export const releases: Command = {
  name: "releases",
  summary: "list the app's releases, newest first",
  app: true,
  flags: { num: { short: "n", value: true, describe: "how many (default 15, at most 1000)" } },
  arity: [0, 0],
  async run(ctx) {
    const count = Number(ctx.flag("num") ?? 15);
    if (!Number.isInteger(count) || count < 1) throw usageError("--num must be a whole number of 1 or more");
    const list = await ctx.api().get<ReleaseView[]>(`/apps/${seg(await ctx.app())}/releases?limit=${count}`);
    if (ctx.json) return printJson(list);
    if (list.length === 0) return say("No releases yet: push the app first");
    printTable(
      ["version", "status", "summary", "created"],
      list.map((r) => [`v${r.version}`, r.status, r.error ? `${r.summary} (${r.error})` : r.summary, ago(r.createdAt)]),
    );
  },
};

export const rollback: Command = {
  name: "rollback",
  args: "[vN]",
  summary: "run an earlier release again (default: the one before the current), as a new release",
  app: true,
  arity: [0, 1],
  async run(ctx) {
    const app = await ctx.app();
    let target: number;
    if (ctx.args[0] !== undefined) {
      const m = /^v?(\d{1,9})$/.exec(ctx.args[0]);
      if (!m) throw usageError(`${JSON.stringify(ctx.args[0])} is not a release like v3`);
      target = Number(m[1]);
    } else {
      // The current release is the newest that did not fail; go to the one that ran before it.
      const ran = (await ctx.api().get<ReleaseView[]>(`/apps/${seg(app)}/releases`)).filter((r) => r.status === "succeeded");
      if (ran.length < 2) throw new CliError(`${app} has no earlier release to roll back to`);
      target = ran[1]!.version;
    }
    const release = await ctx.api().post<{ version: number }>(`/apps/${seg(app)}/releases`, { release: target });
    if (ctx.json) return printJson(release);
    say(`Rolling back ${app} to v${target}... done, v${release.version}`);
  },
};
