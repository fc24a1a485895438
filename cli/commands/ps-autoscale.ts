// ps:autoscale: a process type's autoscale settings (PATCH …/formation/{type} {"autoscale"}).
import type { Command } from "../command.ts";
import { seg } from "../context.ts";
import { usageError } from "../errors.ts";
import type { Flags } from "../args.ts";
import { printJson, say } from "../output.ts";

const TARGET_FLAGS = { p95: "p95Ms", rps: "requestsPerSecond", cpu: "cpuPercent" } as const;

/** The request body the flags ask for; a usage error (nothing sent) when they do not add up. */
export function autoscaleBody(flags: Flags): { autoscale: null | { min: number; max: number; target: Record<string, number> } } {
  const targets = (Object.keys(TARGET_FLAGS) as (keyof typeof TARGET_FLAGS)[]).filter((f) => flags[f] !== undefined);
  if (flags.off) {
    if (targets.length || flags.min !== undefined || flags.max !== undefined) throw usageError("--off takes no other flag");
    return { autoscale: null };
  }
  if (targets.length !== 1) throw usageError("give one target: --p95 MS, --rps N or --cpu PERCENT (or --off)");
  if (flags.max === undefined) throw usageError("give --max N: the most processes autoscaling may run");
  const number = (name: string, text: unknown) => {
    const n = Number(text);
    if (typeof text !== "string" || text.trim() === "" || !Number.isFinite(n)) throw usageError(`--${name} must be a number, not ${JSON.stringify(text)}`);
    return n;
  };
  const kind = targets[0]!;
  return { autoscale: { min: flags.min === undefined ? 1 : number("min", flags.min), max: number("max", flags.max), target: { [TARGET_FLAGS[kind]]: number(kind, flags[kind]) } } };
}

export const psAutoscale: Command = {
  name: "ps:autoscale",
  args: "TYPE",
  summary: "scale a process type with its traffic: --min 1 --max 10 --p95 300 (or --rps, --cpu); --off to stop",
  app: true,
  arity: [1, 1],
  flags: {
    min: { value: true, describe: "the fewest processes (default 1)" },
    max: { value: true, describe: "the most processes" },
    p95: { value: true, describe: "web: keep the router's p95 response time under this many ms" },
    rps: { value: true, describe: "web: keep requests per second per process under this" },
    cpu: { value: true, describe: "keep each process's CPU under this percent of a core" },
    off: { describe: "turn autoscaling off (the quantity stays as it is)" },
  },
  async run(ctx) {
    const body = autoscaleBody(ctx.flags);
    const type = ctx.args[0]!;
    const app = await ctx.app();
    const result = await ctx.api().patch<{ type: string; quantity: number; autoscale: { min: number; max: number; target: Record<string, number> } | null }>(
      `/apps/${seg(app)}/formation/${seg(type)}`,
      body,
    );
    if (ctx.json) return printJson(result);
    if (!result.autoscale) return say(`Autoscaling of ${app}'s ${type} is off; it stays at ${result.quantity}`);
    const [kind, value] = Object.entries(result.autoscale.target)[0]!;
    say(`Autoscaling ${app}'s ${type} from ${result.autoscale.min} to ${result.autoscale.max} on ${kind} ${value} (now ${result.quantity})`);
  },
};
