// The `berth` CLI: finds the command, parses its flags, runs it, and turns every failure into
// one line on stderr and an exit code (0 done, 1 failed, 2 bad usage; `run` passes its command's).
import type { FlagSpec } from "./args.ts";
import { parseArgs } from "./args.ts";
import type { Command } from "./command.ts";
import { ALIASES, COMMANDS } from "./commands/index.ts";
import { Context } from "./context.ts";
import { CliError, EXIT, usageError } from "./errors.ts";

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  json: { describe: "print JSON for scripts instead of tables" },
  help: { short: "h", describe: "show this command's usage" },
};
const APP_FLAGS: Record<string, FlagSpec> = {
  app: { short: "a", value: true, describe: "the app (default: BERTH_APP, or the app of the `berth` git remote)" },
  remote: { short: "r", value: true, describe: "the git remote that names the app (default: berth)" },
};

const VERSION = "0.1.0";

function findCommand(name: string): Command | undefined {
  const wanted = ALIASES[name] ?? name;
  return COMMANDS.find((c) => c.name === wanted);
}

function flagsOf(command: Command): Record<string, FlagSpec> {
  return { ...(command.app ? APP_FLAGS : {}), ...command.flags, ...GLOBAL_FLAGS };
}

function usage(command: Command): string {
  const flags = Object.entries(flagsOf(command)).map(([name, s]) => {
    const left = `${s.short ? `-${s.short}, ` : "    "}--${name}${s.value ? " VALUE" : ""}`;
    return `  ${left.padEnd(26)} ${s.describe}`;
  });
  return [`Usage: berth ${command.name}${command.args ? ` ${command.args}` : ""}`, "", `  ${command.summary}`, "", "Flags:", ...flags, ""].join("\n");
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length + (c.args ? c.args.length + 1 : 0)));
  return [
    "Usage: berth COMMAND [ARGS] [FLAGS]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${`${c.name}${c.args ? ` ${c.args}` : ""}`.padEnd(width)}  ${c.summary}`),
    "",
    "`berth COMMAND --help` shows a command's flags. Exit codes: 0 done, 1 failed (Berth refused or",
    "could not be reached), 2 bad usage (nothing was sent); `berth run` exits with its command's code.",
    "",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const about = rest[0] ? findCommand(rest[0]) : undefined;
    process.stdout.write(about ? usage(about) : overview());
    return EXIT.ok;
  }
  if (name === "--version" || name === "version") {
    process.stdout.write(`berth ${VERSION}\n`);
    return EXIT.ok;
  }
  try {
    const command = findCommand(name);
    if (!command) throw usageError(`${JSON.stringify(name)} is not a berth command; see berth help`);
    const { flags, positionals } = parseArgs(rest, flagsOf(command), { stopAtPositional: command.rest });
    if (flags.help) {
      process.stdout.write(usage(command));
      return EXIT.ok;
    }
    const [min, max] = command.arity ?? [0, Infinity];
    if (positionals.length < min) throw usageError(`berth ${command.name} needs ${command.args ?? "an argument"}; see berth ${command.name} --help`);
    if (positionals.length > max) throw usageError(`berth ${command.name} takes ${max === 0 ? "no arguments" : `at most ${max}`} (got ${JSON.stringify(positionals.slice(max)[0])})`);
    return (await command.run(new Context(flags, positionals))) ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`berth: ${oneLine(err.message)}\n`);
      return err.exitCode;
    }
    process.stderr.write(`berth: unexpected error: ${oneLine((err as Error).message ?? String(err))}\n`);
    return EXIT.failed;
  }
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim();
