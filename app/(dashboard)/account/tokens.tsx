"use client";
// API tokens for the CLI, git and scripts. A new token is shown once: only its hash is stored.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { CodeBlock } from "@/components/copy-button.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { Feedback } from "@/components/feedback.tsx";
import { Ago } from "@/components/ago.tsx";
import { useAction } from "@/components/use-action.ts";

interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function Tokens({ tokens }: { tokens: Token[] }) {
  const router = useRouter();
  const create = useAction({ fields: ["name"] });
  const revoke = useAction();
  const [name, setName] = useState("");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      const t = await apiJson<{ name: string; token: string }>("POST", "/api/v1/account/tokens", { name });
      setCreated(t);
      setName("");
      router.refresh();
    });
  };
  const remove = (t: Token) =>
    void revoke.run(async () => {
      await apiJson("DELETE", `/api/v1/account/tokens/${t.id}`);
      router.refresh();
      return `Revoked ${t.name || "the token"}.`;
    });
  return (
    <section className="card stack-sm" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="subtle">For the CLI, <code>git push</code> (as the password) and scripts (<code>Authorization: Bearer …</code>).</p>
      {created ? (
        <div className="alert alert-ok stack-sm" role="status">
          <span>Token <strong>{created.name || "(unnamed)"}</strong> created. Copy it now: it will not be shown again.</span>
          <CodeBlock code={created.token} label="New API token" />
        </div>
      ) : null}
      <form className="inline" onSubmit={submit}>
        <div className="field">
          <label htmlFor="token-name">Name</label>
          <input id="token-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="laptop CLI" maxLength={100} {...fieldProps(create, "name", "token-name")} />
          <FieldError state={create} name="name" inputId="token-name" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={create.pending}>Create token</button>
      </form>
      <Feedback state={create} pendingLabel="Creating…" />
      <Feedback state={revoke} pendingLabel="Revoking…" />
      {tokens.length === 0 ? <p className="subtle">No tokens.</p> : (
        <div className="table-wrap">
          <table className="table" aria-label="API tokens">
            <thead><tr><th scope="col">Name</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} data-token={t.name}>
                  <td>{t.name || <em className="subtle">(unnamed)</em>}</td>
                  <td><Ago date={t.createdAt} /></td>
                  <td><Ago date={t.lastUsedAt} /></td>
                  <td className="actions">
                    <ConfirmButton small danger label="Revoke" title={`Revoke ${t.name || "this unnamed token"}?`} confirmLabel="Revoke token" disabled={revoke.pending} onConfirm={() => remove(t)}>
                      <p>Anything using it (the CLI, a git remote, a script) stops working at once.</p>
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
