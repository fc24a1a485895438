// Renders a line with ANSI SGR colour codes as styled spans; other escape sequences are dropped.
// Text stays text (React escapes it): a build cannot inject markup into the page.
import type { ReactNode } from "react";

const SGR = /\x1b\[([0-9;]*)m/g;
const OTHER_ESCAPES = /\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;

interface Style {
  fg?: number;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

function apply(style: Style, codes: number[]): Style {
  const next = { ...style };
  for (const code of codes.length ? codes : [0]) {
    if (code === 0) Object.assign(next, { fg: undefined, bold: false, dim: false, italic: false, underline: false });
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next.bold = next.dim = false;
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 39) next.fg = undefined;
    else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) next.fg = code;
  }
  return next;
}

function className(style: Style): string | undefined {
  const names = [style.fg ? `ansi-${style.fg}` : "", style.bold ? "ansi-bold" : "", style.dim ? "ansi-dim" : "", style.italic ? "ansi-italic" : "", style.underline ? "ansi-underline" : ""].filter(Boolean);
  return names.length ? names.join(" ") : undefined;
}

/** Spans for one line; `carry` is the style left open by the previous line (returned updated). */
export function ansiSpans(line: string, carry: Style = {}): { nodes: ReactNode[]; style: Style } {
  const text = line.replace(OTHER_ESCAPES, "");
  const nodes: ReactNode[] = [];
  let style = carry;
  let last = 0;
  for (const match of text.matchAll(SGR)) {
    if (match.index > last) nodes.push(<span key={last} className={className(style)}>{text.slice(last, match.index)}</span>);
    style = apply(style, match[1] ? match[1].split(";").map(Number) : []);
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(<span key={last} className={className(style)}>{text.slice(last)}</span>);
  return { nodes, style };
}

export const stripAnsi = (line: string) => line.replace(SGR, "").replace(OTHER_ESCAPES, "");
