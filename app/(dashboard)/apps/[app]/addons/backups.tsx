"use client";
// An add-on's backups, loaded when opened: back up now (followed until it ends), download,
// restore (the add-on's name typed again in the dialog, as the API asks).
import { useCallback, useEffect, useState } from "react";
import { apiJson, errorMessage } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { Feedback, Spinner } from "@/components/feedback.tsx";
import { Ago } from "@/components/ago.tsx";
import { bytes } from "@/components/format.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { useAction } from "@/components/use-action.ts";

interface Backup {
  id: string;
  kind: string;
  state: string;
  size: number | null;
  error: string | null;
  createdAt: string;
}

export function Backups({ addon }: { addon: string }) {
  const [open, setOpen] = useState(false);
  const [backups, setBackups] = useState<Backup[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction();
  const base = `/api/v1/addons/${addon}/backups`;

  // Plain fetches, not an action: a refresh must never be skipped because another is under way.
  const fetchList = useCallback(async () => {
    try {
      setBackups(await apiJson<Backup[]>("GET", base, undefined, { timeoutMs: 15_000 }));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, [base]);
  useEffect(() => {
    if (open) void fetchList();
  }, [open, fetchList]);
  // While one runs, look again every 2 s.
  const running = backups?.some((b) => b.state === "running") ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void fetchList(), 2000);
    return () => clearInterval(timer);
  }, [running, fetchList]);

  const backUp = () =>
    action.run(async () => {
      const created = await apiJson<Backup>("POST", base);
      setBackups((prev) => [created, ...(prev ?? []).filter((b) => b.id !== created.id)]);
      return "Backing up…";
    });
  const restore = (b: Backup) =>
    action.run(async () => {
      await apiJson("POST", `${base}/${b.id}/restore`, { confirm: addon });
      return `Restoring ${addon} from the backup; the add-on is back when its state is available again.`;
    });

  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Backups</summary>
      <div className="stack-sm" style={{ marginTop: 8 }}>
        <div className="row">
          <button type="button" className="btn btn-sm" onClick={backUp} disabled={action.pending || running}>{running ? "Backing up…" : "Back up now"}</button>
        </div>
        {backups === null && !loadError ? <Spinner label="Loading backups…" /> : null}
        {loadError ? <p className="alert alert-error" role="alert">Could not load the backups: {loadError}</p> : null}
        <Feedback state={action} pendingLabel="Working…" />
        {backups && backups.length === 0 ? <p className="subtle">No backups yet.</p> : null}
        {backups && backups.length ? (
          <div className="table-wrap">
            <table className="table" aria-label={`Backups of ${addon}`}>
              <thead><tr><th scope="col">Taken</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col" className="num">Size</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {backups.map((b) => (
                  <tr key={b.id}>
                    <td><Ago date={b.createdAt} /></td>
                    <td>{b.kind}</td>
                    <td><StatusBadge status={b.state === "running" ? "building" : b.state} label={b.state} />{b.error ? <div className="subtle">{b.error}</div> : null}</td>
                    <td className="num">{bytes(b.size)}</td>
                    <td className="actions">
                      {b.state === "succeeded" ? (
                        <div className="row" style={{ justifyContent: "flex-end" }}>
                          <a className="btn btn-sm" href={`${base}/${b.id}/download`} download>Download</a>
                          <ConfirmButton small danger label="Restore" title={`Restore ${addon} from this backup?`} confirmLabel="Restore" typeToConfirm={addon} disabled={action.pending} onConfirm={() => void restore(b)}>
                            <p>Restoring replaces {addon}'s data with the backup from {new Date(b.createdAt).toISOString().slice(0, 16).replace("T", " ")} UTC.</p>
                          </ConfirmButton>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </details>
  );
}
