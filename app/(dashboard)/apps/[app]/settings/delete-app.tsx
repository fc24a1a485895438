"use client";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

export function DeleteApp({ app }: { app: string }) {
  const action = useAction();
  const [typed, setTyped] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed !== app) return;
    void action.run(async () => {
      // Deleting stops containers and removes images: allow it more than the default 30 s.
      await apiJson("DELETE", `/api/v1/apps/${app}`, undefined, { timeoutMs: 120_000 });
      window.location.assign(`/?deleted=${encodeURIComponent(app)}`);
      return `${app} was deleted.`;
    });
  };
  return (
    <section className="card card-danger stack-sm" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete app</h2>
      <p>This stops {app}'s processes and removes its releases, builds, config, domains and images. It cannot be undone.</p>
      <form className="inline" onSubmit={submit}>
        <div className="field">
          <label htmlFor="confirm-name">Type <strong className="mono">{app}</strong> to confirm</label>
          <input id="confirm-name" className="input input-mono" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} />
        </div>
        <button type="submit" className="btn btn-danger" disabled={typed !== app || action.pending}>{action.pending ? "Deleting…" : "Delete app"}</button>
      </form>
      <Feedback state={action} pendingLabel={`Deleting ${app}: stopping processes and removing images…`} />
    </section>
  );
}
