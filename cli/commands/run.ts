// run: a one-off process with the app's current release and config; its output streams here and
// its exit code becomes ours.
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { CliError, EXIT } from "../errors.ts";
import { readLines } from "../stream-lines.ts";

export const run: Command = {
  name: "run",
  args: "COMMAND...",
  summary: "run a one-off command in a new container of the app (exits with its exit code)",
  app: true,
  rest: true,
  flags: { size: { value: true, describe: "small, standard or large (default standard)" } },
  arity: [1, Infinity],
  async run(ctx) {
    const app = await ctx.app();
    const abort = new AbortController();
    let interrupted = false;
    const onSigint = () => {
      interrupted = true;
      abort.abort();
    };
    process.once("SIGINT", onSigint);
    try {
      const size = ctx.flag("size");
      const res = await ctx.api().send("POST", `/apps/${seg(app)}/processes`, { command: ctx.args.join(" "), ...(size ? { size } : {}) }, {}, abort.signal);
      let exitCode: number | undefined;
      for await (const line of readLines(res)) {
        if (!line) continue;
        const msg = JSON.parse(line) as { output?: string; exitCode?: number; error?: string };
        if (msg.output) process.stdout.write(msg.output);
        if (msg.exitCode !== undefined) exitCode = msg.exitCode;
        if (msg.error) throw new CliError(`the command could not run: ${msg.error}`);
      }
      if (exitCode === undefined) throw new CliError("the connection ended before the command did; its exit code is unknown");
      return exitCode;
    } catch (err) {
      if (interrupted) return EXIT.interrupted;
      throw err;
    } finally {
      process.off("SIGINT", onSigint);
    }
  },
};
