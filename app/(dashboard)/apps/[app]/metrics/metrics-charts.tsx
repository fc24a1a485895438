"use client";
// Requests, status classes, latency, CPU and memory per process over the last hour (10 s
// samples, refreshed every 10 s) or 24 hours (one a minute).
import { useEffect, useState } from "react";
import { apiJson, errorMessage } from "@/components/api.ts";
import { Spinner } from "@/components/feedback.tsx";
import { LineChart, type Series } from "@/components/line-chart.tsx";

interface Sample {
  time: string;
  processes: { name: string; cpuPercent: number | null; memoryBytes: number; memoryLimitBytes: number }[];
  router: { ratePerSecond: number; status: Record<string, number>; p50Ms: number | null; p95Ms: number | null };
}

const PERIODS = { "1h": 3600_000, "24h": 86_400_000 } as const;
type Period = keyof typeof PERIODS;
const PALETTE = ["#6366f1", "#06b6d4", "#f59e0b", "#ec4899", "#10b981", "#8b5cf6", "#ef4444", "#84cc16"];
const STATUS_COLOURS: Record<string, string> = { "2xx": "#10b981", "3xx": "#06b6d4", "4xx": "#f59e0b", "5xx": "#ef4444" };

export function MetricsCharts({ app }: { app: string }) {
  const [period, setPeriod] = useState<Period>("1h");
  const [samples, setSamples] = useState<Sample[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let stopped = false;
    setSamples(null);
    const load = async () => {
      try {
        const res = await apiJson<{ samples: Sample[] }>("GET", `/api/v1/apps/${app}/metrics?since=${period}`, undefined, { timeoutMs: 15_000 });
        if (!stopped) {
          setSamples(res.samples);
          setNow(Date.now());
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError(errorMessage(err));
      }
    };
    void load();
    const timer = setInterval(load, period === "1h" ? 10_000 : 60_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [app, period]);

  const from = now - PERIODS[period];
  const at = (s: Sample) => Date.parse(s.time);
  const list = samples ?? [];
  const names = [...new Set(list.flatMap((s) => s.processes.map((p) => p.name)))].sort();
  const perProcess = (pick: (p: Sample["processes"][number]) => number | null): Series[] =>
    names.map((name, i) => ({ name, colour: PALETTE[i % PALETTE.length]!, points: list.map((s) => [at(s), (() => { const p = s.processes.find((x) => x.name === name); return p ? pick(p) : null; })()] as [number, number | null]) }));

  return (
    <div className="stack">
      <div className="row-between">
        <div className="row" role="group" aria-label="Period">
          {(Object.keys(PERIODS) as Period[]).map((p) => (
            <button key={p} type="button" className={`btn btn-sm${p === period ? " btn-primary" : ""}`} aria-pressed={p === period} onClick={() => setPeriod(p)}>Last {p}</button>
          ))}
        </div>
        {samples === null && !error ? <Spinner label="Loading metrics…" /> : null}
      </div>
      {error ? <p className="alert alert-error" role="alert">Could not load metrics: {error}</p> : null}
      {samples !== null ? (
        <div className="grid-2">
          <LineChart title="Requests per second" from={from} to={now} format={(v) => v.toFixed(1)}
            series={[{ name: "req/s", colour: PALETTE[0]!, points: list.map((s) => [at(s), s.router.ratePerSecond]) }]} />
          <LineChart title="Responses by status" from={from} to={now} format={(v) => v.toFixed(0)}
            series={Object.entries(STATUS_COLOURS).map(([cls, colour]) => ({ name: cls, colour, points: list.map((s) => [at(s), s.router.status[cls] ?? 0] as [number, number]) }))} />
          <LineChart title="Latency" from={from} to={now} format={(v) => `${v.toFixed(0)} ms`}
            series={[
              { name: "p50", colour: PALETTE[1]!, points: list.map((s) => [at(s), s.router.p50Ms]) },
              { name: "p95", colour: PALETTE[2]!, points: list.map((s) => [at(s), s.router.p95Ms]) },
            ]} />
          <LineChart title="CPU per process" from={from} to={now} format={(v) => `${v.toFixed(1)} %`} series={perProcess((p) => p.cpuPercent)} />
          <LineChart title="Memory per process" from={from} to={now} format={(v) => `${(v / 1024 / 1024).toFixed(0)} MB`} series={perProcess((p) => p.memoryBytes)} />
        </div>
      ) : null}
    </div>
  );
}
