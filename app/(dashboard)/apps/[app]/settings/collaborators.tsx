"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { useAction } from "@/components/use-action.ts";

export function Collaborators({ app, owner, collaborators, canManage }: { app: string; owner: string; collaborators: string[]; canManage: boolean }) {
  const router = useRouter();
  const action = useAction();
  // Refusals of an addition (no such user, already one) are about the name typed.
  const adding = useAction({ fields: ["username"], fallback: "username" });
  const [username, setUsername] = useState("");
  const add = (e: FormEvent) => {
    e.preventDefault();
    void adding.run(async () => {
      await apiJson("POST", `/api/v1/apps/${app}/collaborators`, { username: username.trim() });
      setUsername("");
      router.refresh();
      return `${username.trim()} can now deploy and manage ${app}.`;
    });
  };
  const remove = (name: string) =>
    action.run(async () => {
      await apiJson("DELETE", `/api/v1/apps/${app}/collaborators/${encodeURIComponent(name)}`);
      router.refresh();
      return `${name} no longer collaborates on ${app}.`;
    });
  return (
    <section className="card stack-sm" aria-labelledby="collab-heading">
      <h2 id="collab-heading">Collaborators</h2>
      <p className="subtle">Collaborators deploy, configure and scale {app}; only the owner ({owner}) or an admin deletes it or changes who collaborates.</p>
      <ul className="stack-sm" style={{ margin: 0, paddingLeft: 18 }} aria-label="People with access">
        <li><span className="mono">{owner}</span> <span className="subtle">(owner)</span></li>
        {collaborators.map((c) => (
          <li key={c} className="row">
            <span className="mono">{c}</span>
            {canManage ? <button type="button" className="btn btn-sm" onClick={() => remove(c)} disabled={action.pending}>Remove</button> : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <form className="inline" onSubmit={add} noValidate>
          <div className="field">
            <label htmlFor="collaborator">User name</label>
            <input id="collaborator" className="input input-mono" value={username} onChange={(e) => setUsername(e.target.value)} autoCapitalize="none" spellCheck={false}
              maxLength={100} {...fieldProps(adding, "username", "collaborator")} />
            <FieldError state={adding} name="username" inputId="collaborator" />
          </div>
          <button type="submit" className="btn btn-primary" disabled={adding.pending || !username.trim()}>Add collaborator</button>
        </form>
      ) : null}
      <Feedback state={adding} pendingLabel="Adding…" />
      <Feedback state={action} pendingLabel="Removing…" />
    </section>
  );
}
