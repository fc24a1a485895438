import { ago, isoTime } from "./format.ts";

/** "3 min ago", with the exact time on hover and for machines. */
export function Time({ date }: { date: Date | string | null | undefined }) {
  if (!date) return <span>never</span>;
  const d = new Date(date);
  return <time dateTime={d.toISOString()} title={isoTime(d)}>{ago(d)}</time>;
}
