"use client";
// A terminal-like view of streamed lines: ANSI colours, Heroku-style step markers, and it keeps
// to the bottom while new lines arrive unless the reader scrolled up.
import { useLayoutEffect, useMemo, useRef, type ReactNode } from "react";
import { ansiSpans, stripAnsi } from "./ansi.tsx";

const MAX_LINES = 5000;

export function LogView({ lines, label, empty }: { lines: string[]; label: string; empty?: ReactNode }) {
  const box = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  const shown = lines.length > MAX_LINES ? lines.slice(-MAX_LINES) : lines;
  const rendered = useMemo(() => {
    let style = {};
    return shown.map((line, i) => {
      const plain = stripAnsi(line);
      const spans = ansiSpans(line, style);
      style = spans.style;
      const kind = plain.startsWith("----->") ? "step" : plain.startsWith(" !") ? "fail" : undefined;
      return <div key={i} className={kind}>{spans.nodes.length ? spans.nodes : "\u00a0"}</div>;
    });
  }, [shown]);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [rendered]);
  return (
    <pre
      ref={box}
      className="log"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {lines.length > MAX_LINES ? <div className="dim">… {lines.length - MAX_LINES} earlier lines not shown</div> : null}
      {lines.length === 0 ? <div className="dim">{empty ?? "Waiting for output…"}</div> : rendered}
    </pre>
  );
}
