"use client";
// A relative time in a client component. The server's "12 s ago" and the browser's "13 s ago"
// differ by design, so React is told not to treat that as a hydration error.
import { ago, isoTime } from "./format.ts";

export function Ago({ date }: { date: Date | string | null | undefined }) {
  if (!date) return <span>never</span>;
  return <time dateTime={new Date(date).toISOString()} title={isoTime(date)} suppressHydrationWarning>{ago(date)}</time>;
}
