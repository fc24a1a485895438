// apps, apps:create, apps:info, apps:destroy, git:remote, open.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { usageError } from "../errors.ts";
import { appOfRemote, DEFAULT_REMOTE, gitUrl, insideRepo, removeRemote, setRemote } from "../git.ts";
import { ago, printFields, printJson, printTable, say } from "../output.ts";

interface AppView {
  name: string;
  url: string;
  createdAt: string;
  release: { version: number; createdAt: string } | null;
  deploying: boolean;
  maintenance: boolean;
  healthcheck: { path: string | null; timeout: number };
}

const ADJECTIVES = ["calm", "brave", "quiet", "swift", "sunny", "misty", "bold", "lucky", "gentle", "steady"];
const NOUNS = ["harbor", "river", "meadow", "falcon", "cedar", "comet", "lagoon", "summit", "willow", "beacon"];
const pick = (list: string[]) => list[crypto.randomInt(list.length)]!;
/** Heroku-style: calm-harbor-4821 */
const generatedName = () => `${pick(ADJECTIVES)}-${pick(NOUNS)}-${crypto.randomInt(1000, 10000)}`;

export const apps: Command = {
  name: "apps",
  summary: "list your apps",
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<AppView[]>("/apps");
    if (ctx.json) return printJson(list);
    if (list.length === 0) return say("No apps yet: create one with `berth apps:create`");
    printTable(["name", "release", "url"], list.map((a) => [a.name, a.release ? `v${a.release.version}` : "-", a.url]));
  },
};

export const appsCreate: Command = {
  name: "apps:create",
  args: "[NAME]",
  summary: "create an app (and a `berth` git remote when run in a repository)",
  flags: {
    remote: { short: "r", value: true, describe: `the git remote to add (default: ${DEFAULT_REMOTE})` },
    "no-remote": { describe: "do not add a git remote" },
  },
  arity: [0, 1],
  async run(ctx) {
    const name = ctx.args[0] ?? generatedName();
    const app = await ctx.api().post<AppView>("/apps", { name });
    const remote = ctx.flag("remote") ?? DEFAULT_REMOTE;
    const addRemote = !ctx.flags["no-remote"] && (await insideRepo());
    if (addRemote) await setRemote(remote, ctx.api().url, app.name);
    if (ctx.json) return printJson({ ...app, git: gitUrl(ctx.api().url, app.name) });
    say(`Created ${app.name}${addRemote ? `; git remote ${remote} added (git push ${remote} main)` : ""}`);
    process.stdout.write(`${app.url} | ${gitUrl(ctx.api().url, app.name)}\n`);
  },
};

export const appsInfo: Command = {
  name: "apps:info",
  summary: "show an app: URL, release, processes",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const name = await ctx.app();
    const [app, processes] = await Promise.all([
      ctx.api().get<AppView>(`/apps/${seg(name)}`),
      ctx.api().get<Array<{ name: string; type: string; state: string }>>(`/apps/${seg(name)}/processes`),
    ]);
    if (ctx.json) return printJson({ ...app, git: gitUrl(ctx.api().url, app.name), processes });
    const counts = new Map<string, number>();
    for (const p of processes) if (p.state === "up") counts.set(p.type, (counts.get(p.type) ?? 0) + 1);
    printFields([
      ["Name", app.name],
      ["URL", app.url],
      ["Git", gitUrl(ctx.api().url, app.name)],
      ["Release", app.release ? `v${app.release.version} (${ago(app.release.createdAt)})` : "none yet"],
      ["Processes", [...counts].map(([t, n]) => `${t}: ${n} up`).join(", ") || "none running"],
      ["Deploying", app.deploying ? "yes" : "no"],
      ["Maintenance", app.maintenance ? "on" : "off"],
      ["Health check", `${app.healthcheck.path ? `${app.healthcheck.path} answers 2xx/3xx` : "answers HTTP on $PORT (or CHECKS)"} within ${app.healthcheck.timeout} s`],
      ["Created", app.createdAt],
    ]);
  },
};

export const appsDestroy: Command = {
  name: "apps:destroy",
  summary: "delete an app with its containers, releases and logs",
  app: true,
  flags: { confirm: { value: true, describe: "the app's name again: nothing is deleted without it" } },
  arity: [0, 0],
  async run(ctx) {
    const name = await ctx.app();
    if (ctx.flag("confirm") !== name) throw usageError(`this deletes ${name} for good; confirm with --confirm ${name}`);
    await ctx.api().delete(`/apps/${seg(name)}`);
    const remote = ctx.flag("remote") ?? DEFAULT_REMOTE;
    if ((await appOfRemote(remote)) === name) await removeRemote(remote);
    if (ctx.json) return printJson({ name, destroyed: true });
    say(`Destroyed ${name}`);
  },
};

export const gitRemote: Command = {
  name: "git:remote",
  summary: "add (or repoint) the `berth` git remote of this repository to an app",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const name = await ctx.app();
    if (!(await insideRepo())) throw usageError("not inside a git repository");
    await ctx.api().get(`/apps/${seg(name)}`);
    const remote = ctx.flag("remote") ?? DEFAULT_REMOTE;
    await setRemote(remote, ctx.api().url, name);
    say(`git remote ${remote} → ${gitUrl(ctx.api().url, name)}`);
  },
};

export const open: Command = {
  name: "open",
  summary: "open the app in a browser (prints its URL)",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const app = await ctx.api().get<AppView>(`/apps/${seg(await ctx.app())}`);
    process.stdout.write(`${app.url}\n`);
    if (process.stdout.isTTY && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
      execFile("xdg-open", [app.url], () => undefined).unref();
    }
  },
};
