"use client";
// The app's containers, refreshed every 3 s while the tab is visible, with restart buttons.
import { useEffect, useState } from "react";
import { apiJson, errorMessage } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { Ago } from "@/components/ago.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { useAction } from "@/components/use-action.ts";

interface Process {
  name: string;
  type: string;
  state: string;
  release: number;
  size: string;
  startedAt: string | null;
  restarts: number;
  exitCode: number | null;
}

export function ProcessList({ app, initial }: { app: string; initial: unknown[] }) {
  const [processes, setProcesses] = useState<Process[]>(initial as Process[]);
  const [stale, setStale] = useState<string | null>(null);
  const restartAll = useAction();
  const restartOne = useAction();

  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const next = await apiJson<Process[]>("GET", `/api/v1/apps/${app}/processes`, undefined, { timeoutMs: 10_000 });
        if (!stopped) {
          setProcesses(next);
          setStale(null);
        }
      } catch (err) {
        if (!stopped) setStale(errorMessage(err));
      }
    };
    const timer = setInterval(refresh, 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [app]);

  const restart = (name?: string) =>
    (name ? restartOne : restartAll).run(async () => {
      const res = await apiJson<{ restarting: string[] }>("DELETE", `/api/v1/apps/${app}/processes${name ? `/${name}` : ""}`);
      return `Restarting ${res.restarting.join(", ")}`;
    });

  return (
    <section className="card stack-sm" aria-labelledby="processes-heading">
      <div className="row-between">
        <h2 id="processes-heading">Processes</h2>
        <button type="button" className="btn btn-sm" onClick={() => restart()} disabled={restartAll.pending || processes.length === 0}>Restart all</button>
      </div>
      <Feedback state={restartAll} pendingLabel="Restarting all processes…" />
      <Feedback state={restartOne} pendingLabel="Restarting…" />
      {stale ? <p className="alert alert-warn" role="status">Could not refresh: {stale}</p> : null}
      {processes.length === 0 ? <p className="subtle">Nothing is running.</p> : (
        <div className="table-wrap">
          <table className="table" aria-label="Running processes">
            <thead>
              <tr><th scope="col">Process</th><th scope="col">State</th><th scope="col">Release</th><th scope="col" className="hide-sm">Size</th><th scope="col" className="num">Restarts</th><th scope="col" className="hide-sm">Up since</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr>
            </thead>
            <tbody>
              {processes.map((p) => (
                <tr key={`${p.name}-${p.release}-${p.startedAt ?? ""}`} data-process={p.name} data-state={p.state}>
                  <td className="mono">{p.name}</td>
                  <td><StatusBadge status={p.state} label={p.state === "crashed" && p.exitCode !== null ? `crashed (exit ${p.exitCode})` : p.state} /></td>
                  <td>v{p.release}</td>
                  <td className="hide-sm">{p.size}</td>
                  <td className="num">{p.restarts}</td>
                  <td className="hide-sm">{p.startedAt ? <Ago date={p.startedAt} /> : "—"}</td>
                  <td className="actions"><button type="button" className="btn btn-sm" onClick={() => restart(p.name)} disabled={restartOne.pending}>Restart</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
