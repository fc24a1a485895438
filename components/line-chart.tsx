// A small SVG line chart: time on x, one or more series on y, gaps where a value is missing.
// It scales with its box (viewBox), so it fits 360 px screens; the legend carries the latest
// values in text for people who cannot see the lines.
export interface Series {
  name: string;
  colour: string;
  points: Array<[number, number | null]>;
}

// Drawn at about the size it is shown (a card is 300–550 px wide), so the labels stay legible.
const W = 400;
const H = 160;
const PAD = { left: 50, right: 8, top: 10, bottom: 22 };

export function LineChart({ title, series, format, from, to }: { title: string; series: Series[]; format: (v: number) => string; from: number; to: number }) {
  const values = series.flatMap((s) => s.points.map(([, v]) => v).filter((v): v is number => v !== null));
  const max = Math.max(...values, 0) || 1;
  const x = (t: number) => PAD.left + ((t - from) / Math.max(to - from, 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const paths = series.map((s) => {
    let d = "";
    let pen = false;
    const dots: Array<[number, number]> = [];
    for (const [t, v] of s.points) {
      if (v === null) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
      dots.push([x(t), y(v)]);
    }
    // Few samples (a new app) are dots, or a lone sample would be invisible; many, only the newest.
    return { ...s, d, dots: dots.length <= 40 ? dots : dots.slice(-1) };
  });
  const time = (t: number) => new Date(t).toISOString().slice(11, 16);
  const latest = (s: Series) => [...s.points].reverse().find(([, v]) => v !== null)?.[1];
  return (
    <figure className="card stack-sm" style={{ margin: 0 }}>
      <figcaption className="row-between">
        <strong>{title}</strong>
        <span className="row" style={{ gap: 12 }}>
          {series.map((s) => {
            const v = latest(s);
            return (
              <span key={s.name} className="row" style={{ gap: 4 }}>
                <span aria-hidden="true" style={{ width: 10, height: 10, borderRadius: 2, background: s.colour, display: "inline-block" }} />
                <span className="subtle">{s.name}{v !== undefined && v !== null ? ` ${format(v)}` : ""}</span>
              </span>
            );
          })}
        </span>
      </figcaption>
      {values.length === 0 ? (
        <p className="subtle empty">No data in this period yet.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}, up to ${format(max)}`} style={{ width: "100%", height: "auto" }}>
          <g stroke="var(--border)" strokeWidth="1">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max / 2)} y2={y(max / 2)} strokeDasharray="3 3" />
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max)} y2={y(max)} strokeDasharray="3 3" />
          </g>
          <g fill="var(--muted)" fontSize="11">
            <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end">{format(max)}</text>
            <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end">0</text>
            <text x={PAD.left} y={H - 6}>{time(from)}</text>
            <text x={W - PAD.right} y={H - 6} textAnchor="end">{time(to)}</text>
          </g>
          {paths.map((p) => (
            <g key={p.name}>
              <path d={p.d} fill="none" stroke={p.colour} strokeWidth="2" strokeLinejoin="round" />
              {p.dots.map(([cx, cy], i) => <circle key={i} cx={cx} cy={cy} r="2.5" fill={p.colour} />)}
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
