// access, access:add, access:remove: who besides the owner may deploy and run the app.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { ago, printJson, printTable, say } from "../output.ts";

interface AccessView {
  owner: string;
  collaborators: Array<{ username: string; createdAt: string }>;
}

export const access: Command = {
  name: "access",
  summary: "list the app's owner and collaborators",
  app: true,
  arity: [0, 0],
  async run(ctx) {
    const list = await ctx.api().get<AccessView>(`/apps/${seg(await ctx.app())}/collaborators`);
    if (ctx.json) return printJson(list);
    printTable(["user", "role", "added"], [[list.owner, "owner", ""], ...list.collaborators.map((c) => [c.username, "collaborator", ago(c.createdAt)])]);
  },
};

export const accessAdd: Command = {
  name: "access:add",
  args: "USERNAME",
  summary: "let a user deploy, configure and run the app (the owner only)",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    const added = await ctx.api().post(`/apps/${seg(app)}/collaborators`, { username: ctx.args[0] });
    if (ctx.json) return printJson(added);
    say(`Added ${ctx.args[0]} to ${app} as a collaborator`);
  },
};

export const accessRemove: Command = {
  name: "access:remove",
  args: "USERNAME",
  summary: "take a collaborator's access away",
  app: true,
  arity: [1, 1],
  async run(ctx) {
    const app = await ctx.app();
    await ctx.api().delete(`/apps/${seg(app)}/collaborators/${seg(ctx.args[0]!)}`);
    if (ctx.json) return printJson({ username: ctx.args[0], removed: true });
    say(`Removed ${ctx.args[0]} from ${app}`);
  },
};
