"use client";
// The app's containers, refreshed every 3 s while the tab is visible, with restart buttons. A
// restart's banner follows it in that same list until every process it named is back.
import { useEffect, useState } from "react";
import { apiJson, errorMessage } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { Feedback, Spinner } from "@/components/feedback.tsx";
import { Ago } from "@/components/ago.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { useAction } from "@/components/use-action.ts";
import type { ProcessView } from "@/lib/processes/processes.ts";
import { restartProgress } from "@/lib/processes/restart-progress.ts";

/** A process as the API sends it (dates as ISO strings). */
type Process = Omit<ProcessView, "startedAt"> & { startedAt: string | null };

/** Past this a restart's banner stops waiting and points at the list. */
const FOLLOW_MS = 2 * 60_000;

interface Following {
  before: Map<string, string | null>;
  since: number;
}

export function ProcessList({ app, initial }: { app: string; initial: unknown[] }) {
  const [processes, setProcesses] = useState<Process[]>(initial as Process[]);
  const [stale, setStale] = useState<string | null>(null);
  const restartAction = useAction();
  const [following, setFollowing] = useState<Following | null>(null);

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
    restartAction.run(async () => {
      setFollowing(null);
      const res = await apiJson<{ restarting: string[] }>("DELETE", `/api/v1/apps/${app}/processes${name ? `/${name}` : ""}`);
      const startedAt = new Map(processes.map((p) => [p.name, p.startedAt]));
      setFollowing({ before: new Map(res.restarting.map((n) => [n, startedAt.get(n) ?? null])), since: Date.now() });
    });

  return (
    <section className="card stack-sm" aria-labelledby="processes-heading">
      <div className="row-between">
        <h2 id="processes-heading">Processes</h2>
        <ConfirmButton small label="Restart all" title="Restart all processes?" confirmLabel="Restart all" onConfirm={() => void restart()} disabled={restartAction.pending || processes.length === 0}>
          <p>Every process of {app} is replaced, one at a time: each new one starts and passes its check before the one it replaces stops.</p>
        </ConfirmButton>
      </div>
      {following && !restartAction.pending ? <RestartBanner following={following} processes={processes} /> : <Feedback state={restartAction} pendingLabel="Asking for the restart…" />}
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
                  <td className="actions"><button type="button" className="btn btn-sm" onClick={() => void restart(p.name)} disabled={restartAction.pending} aria-label={`Restart ${p.name}`}>Restart</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RestartBanner({ following, processes }: { following: Following; processes: Process[] }) {
  const progress = restartProgress(following.before, processes);
  if (progress.kind === "restarting") {
    if (Date.now() - following.since > FOLLOW_MS) {
      return <p className="alert alert-warn" role="status">{progress.waiting.join(", ")} still restarting after {FOLLOW_MS / 60_000} minutes; the list below shows where each one is.</p>;
    }
    return <div className="alert alert-info"><Spinner label={`Restarting ${progress.waiting.join(", ")}…`} /></div>;
  }
  const up = progress.up.length ? `Restarted ${progress.up.join(", ")}: ${progress.up.length === 1 ? "up" : "all up"} again.` : "";
  if (progress.notUp.length === 0) return <p className="alert alert-ok" role="status">{up}</p>;
  const down = progress.notUp.map((p) => `${p.name} is ${p.state}`).join(", ");
  return <p className="alert alert-error" role="alert">{up} {down} after its restart; its log says why.</p>;
}
