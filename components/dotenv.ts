// Parses pasted .env text into config vars: KEY=value lines, `export` allowed, quotes removed,
// comments and blank lines skipped. Lines it cannot take are reported by number, with the same
// sentence the API would answer, not guessed at; the good lines are kept, ready to save.
import { envNameProblem, MAX_VALUE_LENGTH, VALUE_RULE } from "@/lib/config/env-name.ts";

export interface DotenvProblem {
  /** 1-based, as an editor numbers lines. */
  line: number;
  message: string;
}

export interface ParsedDotenv {
  values: Record<string, string>;
  /** The line each name was read from (the last, when a name is given twice). */
  lineOf: Record<string, number>;
  bad: DotenvProblem[];
}

export function parseDotenv(text: string): ParsedDotenv {
  // No prototype: a line `__proto__=x` is a var like any other, not a silent no-op.
  const values: Record<string, string> = Object.create(null);
  const lineOf: Record<string, number> = Object.create(null);
  const bad: DotenvProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      bad.push({ line: i + 1, message: `${JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}…` : line)} is not KEY=value` });
      return;
    }
    const key = match[1]!;
    const problem = envNameProblem(key);
    if (problem) {
      bad.push({ line: i + 1, message: `${key}: ${problem}` });
      return;
    }
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    if (value.length > MAX_VALUE_LENGTH) {
      bad.push({ line: i + 1, message: `${key}: ${VALUE_RULE}` });
      return;
    }
    values[key] = value;
    lineOf[key] = i + 1;
  });
  return { values, lineOf, bad };
}

/** "line 3: 1BAD: config var names are …", the first few, for the message next to the text. */
export function describeProblems(bad: DotenvProblem[], most = 3): string {
  const shown = bad.slice(0, most).map((p) => `line ${p.line}: ${p.message}`);
  const more = bad.length - shown.length;
  return `${shown.join("; ")}${more > 0 ? `; and ${more} more line${more === 1 ? "" : "s"}` : ""}`;
}
