// The shape of a CLI command: a name (`topic:action`), its usage, its flags, and what it does.
import type { FlagSpec } from "./args.ts";
import type { Context } from "./context.ts";

export interface Command {
  name: string;
  /** Positional arguments, for the usage line: `[NAME]`, `KEY=VALUE...` */
  args?: string;
  summary: string;
  flags?: Record<string, FlagSpec>;
  /** Acts on one app: takes --app and --remote. */
  app?: boolean;
  /** Everything after the first positional is the command's own (berth run ls -la). */
  rest?: boolean;
  /** Positional count allowed: [min, max] (max Infinity for lists). */
  arity?: [number, number];
  /** Resolves to the exit code (0 when nothing is returned). */
  run(ctx: Context): Promise<number | void>;
}
