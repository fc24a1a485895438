// Output for people (aligned tables, short dates) and for scripts (--json: the API's JSON as is).

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** An aligned table with a header; cells are strings, missing ones blank. */
export function printTable(columns: string[], rows: Array<Array<string | number | null | undefined>>): void {
  const cells = [columns, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? "" : String(c))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  for (const [n, row] of cells.entries()) {
    const line = row.map((c, i) => (i === row.length - 1 ? c : (c ?? "").padEnd(widths[i]!))).join("  ").trimEnd();
    process.stdout.write(`${n === 0 ? line.toUpperCase() : line}\n`);
  }
}

/** `key: value` lines, keys aligned. */
export function printFields(fields: Array<[string, string | number | boolean | null | undefined]>): void {
  const width = Math.max(...fields.map(([k]) => k.length));
  for (const [k, v] of fields) process.stdout.write(`${`${k}:`.padEnd(width + 1)} ${v ?? ""}\n`);
}

/** "3 minutes ago" for recent times, the date for older ones. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "";
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  return iso.slice(0, 10);
}

export const say = (text: string): void => void process.stderr.write(`${text}\n`);
