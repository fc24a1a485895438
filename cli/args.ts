// Command-line parsing: `--flag value`, `--flag=value`, `-f value`, boolean flags, and `--`.
import { usageError } from "./errors.ts";

export interface FlagSpec {
  short?: string;
  /** Takes a value (otherwise it is a switch). */
  value?: boolean;
  /** May be given several times. */
  repeat?: boolean;
  describe: string;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  flags: Flags;
  positionals: string[];
}

/**
 * Parses argv against the flags a command takes. With `stopAtPositional`, everything from the
 * first positional on is left as is (`berth run ls -la` runs `ls -la`).
 */
export function parseArgs(argv: string[], spec: Record<string, FlagSpec>, opts: { stopAtPositional?: boolean } = {}): Parsed {
  const flags: Flags = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([name, s]) => (s.short ? [[s.short, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const long = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    const short = /^-([a-zA-Z])(.*)$/s.exec(arg);
    if (!long && !(short && !/^-\d/.test(arg))) {
      if (opts.stopAtPositional) {
        positionals.push(...argv.slice(i));
        break;
      }
      positionals.push(arg);
      continue;
    }
    const name = long ? long[1]! : byShort.get(short![1]!);
    const s = name ? spec[name] : undefined;
    if (!name || !s) throw usageError(`unknown flag ${long ? `--${long[1]}` : `-${short![1]}`}`);
    let value: string | boolean = true;
    if (s.value) {
      const inline = long ? long[2] : short![2] || undefined;
      if (inline !== undefined) value = inline;
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw usageError(`--${name} needs a value`);
    } else if ((long && long[2] !== undefined) || (short && short[2])) {
      throw usageError(`--${name} takes no value`);
    }
    if (s.repeat) flags[name] = [...((flags[name] as string[] | undefined) ?? []), String(value)];
    else flags[name] = value;
  }
  return { flags, positionals };
}
