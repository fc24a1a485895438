"use client";
// One attached add-on: its state (followed while it provisions or restores), its config var,
// credentials on demand, backups, and detaching or destroying it.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiError, apiJson } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { CodeBlock } from "@/components/copy-button.tsx";
import { Feedback, Spinner } from "@/components/feedback.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { useAction } from "@/components/use-action.ts";
import { Backups } from "./backups.tsx";

export interface AddonView {
  name: string;
  service: string;
  plan: string;
  state: string;
  error: string | null;
  configVar: string;
  credentials?: { host: string; port: number; user: string; password: string; database: string; url: string };
}

const BUSY = new Set(["provisioning", "restoring", "deprovisioning"]);
const FOLLOW_LIMIT_MS = 10 * 60_000;

export function AddonCard({ app, addon }: { app: string; addon: AddonView }) {
  const router = useRouter();
  const [state, setState] = useState({ state: addon.state, error: addon.error });
  const [credentials, setCredentials] = useState<AddonView["credentials"] | null>(null);
  const [confirmName, setConfirmName] = useState("");
  const reveal = useAction();
  const remove = useAction();
  const base = `/api/v1/apps/${app}/addons/${addon.name}`;

  useEffect(() => setState({ state: addon.state, error: addon.error }), [addon.state, addon.error]);

  // Follow a provisioning (or restoring) add-on until it settles, then refresh the page's data.
  useEffect(() => {
    if (!BUSY.has(state.state)) return;
    let stopped = false;
    const started = Date.now();
    const timer = setInterval(async () => {
      if (Date.now() - started > FOLLOW_LIMIT_MS) {
        clearInterval(timer);
        setState((s) => ({ ...s, error: "still not ready after 10 minutes; reload the page to check again" }));
        return;
      }
      try {
        const now = await apiJson<AddonView>("GET", base, undefined, { timeoutMs: 10_000 });
        if (!stopped && now.state !== state.state) {
          setState({ state: now.state, error: now.error });
          router.refresh();
        }
      } catch (err) {
        // Gone (destroyed, or detached elsewhere): the page's list no longer has it.
        if (err instanceof ApiError && err.status === 404) {
          clearInterval(timer);
          router.refresh();
        }
        // otherwise the next tick tries again
      }
    }, 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [state.state, base, router]);

  const showCredentials = () =>
    reveal.run(async () => {
      const full = await apiJson<AddonView>("GET", `${base}?credentials=true`);
      setCredentials(full.credentials ?? null);
    });
  const detach = () =>
    remove.run(async () => {
      await apiJson("DELETE", base);
      router.refresh();
      return `${addon.name} detached.`;
    });
  const destroy = () =>
    remove.run(async () => {
      // An attached add-on cannot be destroyed: detach it from this app first (the API refuses,
      // with the apps' names, while other apps still use it).
      await apiJson("DELETE", base).catch((err) => {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      });
      await apiJson("DELETE", `/api/v1/addons/${addon.name}`, { confirm: confirmName }, { timeoutMs: 120_000 });
      router.refresh();
      return `${addon.name} destroyed.`;
    });

  return (
    <article className="card stack-sm" data-addon={addon.name} aria-labelledby={`addon-${addon.name}`}>
      <div className="row-between">
        <div className="row">
          <h3 id={`addon-${addon.name}`} className="mono" style={{ margin: 0 }}>{addon.name}</h3>
          <span className="subtle">{addon.service} · {addon.plan}</span>
          <StatusBadge status={state.state === "available" ? "running" : state.state === "provisioning" ? "building" : state.state} label={state.state} />
        </div>
        <code>{addon.configVar}</code>
      </div>
      {BUSY.has(state.state) ? <Spinner label={state.state === "provisioning" ? `Provisioning: starting its container; ${addon.configVar} is set when it answers…` : `${state.state}…`} /> : null}
      {state.state === "available" ? <p className="alert alert-ok" role="status">Available: {app} reads it from <code>{addon.configVar}</code>.</p> : null}
      {state.error ? <p className="alert alert-error" role="alert">{state.error}</p> : null}
      <div className="row">
        {credentials ? (
          <button type="button" className="btn btn-sm" onClick={() => setCredentials(null)}>Hide credentials</button>
        ) : (
          <button type="button" className="btn btn-sm" onClick={showCredentials} disabled={reveal.pending}>Show credentials</button>
        )}
        <ConfirmButton small label="Detach" title={`Detach ${addon.name} from ${app}?`} confirmLabel="Detach" disabled={remove.pending} onConfirm={() => void detach()}>
          <p>{addon.configVar} is removed in a new release; the add-on and its data stay.</p>
        </ConfirmButton>
      </div>
      <Feedback state={reveal} pendingLabel="Loading credentials…" />
      {credentials ? (
        <dl className="stack-sm" style={{ margin: 0 }}>
          <CodeBlock code={credentials.url} label={`${addon.name} URL`} />
          <div className="subtle">host <span className="mono">{credentials.host}</span> · port <span className="mono">{credentials.port}</span>{credentials.user ? <> · user <span className="mono">{credentials.user}</span></> : null}{credentials.database ? <> · database <span className="mono">{credentials.database}</span></> : null}</div>
        </dl>
      ) : null}
      <Backups addon={addon.name} />
      <details>
        <summary>Destroy {addon.name}</summary>
        <form className="inline" style={{ marginTop: 8 }} onSubmit={(e) => { e.preventDefault(); if (confirmName === addon.name) void destroy(); }}>
          <div className="field">
            <label htmlFor={`destroy-${addon.name}`}>Type <strong className="mono">{addon.name}</strong> to destroy it and its data (backups included)</label>
            <input id={`destroy-${addon.name}`} className="input input-mono" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} autoComplete="off" spellCheck={false} />
          </div>
          <button type="submit" className="btn btn-danger" disabled={confirmName !== addon.name || remove.pending}>Destroy add-on</button>
        </form>
      </details>
      <Feedback state={remove} pendingLabel="Working…" />
    </article>
  );
}
