"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiJson } from "@/components/api.ts";
import { CodeBlock } from "@/components/copy-button.tsx";
import { Feedback } from "@/components/feedback.tsx";
import { Ago } from "@/components/ago.tsx";
import { useAction } from "@/components/use-action.ts";

interface Invitation {
  id: string;
  createdBy: string;
  isAdmin: boolean;
  createdAt: string;
  expiresAt: string;
}

export function Invitations({ origin, invitations }: { origin: string; invitations: Invitation[] }) {
  const router = useRouter();
  const action = useAction();
  const [isAdmin, setIsAdmin] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const invite = () =>
    action.run(async () => {
      const inv = await apiJson<{ path: string }>("POST", "/api/v1/invitations", { isAdmin });
      setLink(`${origin}${inv.path}`);
      router.refresh();
    });
  const revoke = (id: string) =>
    action.run(async () => {
      await apiJson("DELETE", `/api/v1/invitations/${id}`);
      router.refresh();
      return "Invitation revoked.";
    });
  return (
    <section className="card stack-sm" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <p className="subtle">An invitation is a link that works once, for 7 days. Whoever opens it chooses a user name and password.</p>
      <div className="row">
        <label className="checkbox"><input type="checkbox" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} /> as an admin</label>
        <button type="button" className="btn btn-primary" onClick={invite} disabled={action.pending}>Create invitation link</button>
      </div>
      {link ? (
        <div className="alert alert-ok stack-sm" role="status">
          <span>Send this link to the person you invite. It is shown only now.</span>
          <CodeBlock code={link} label="Invitation link" />
        </div>
      ) : null}
      <Feedback state={action} pendingLabel="Working…" />
      {invitations.length ? (
        <div className="table-wrap">
          <table className="table" aria-label="Open invitations">
            <thead><tr><th scope="col">Created</th><th scope="col">By</th><th scope="col">Role</th><th scope="col">Expires</th><th scope="col" className="actions"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td><Ago date={i.createdAt} /></td>
                  <td>{i.createdBy}</td>
                  <td>{i.isAdmin ? "admin" : "user"}</td>
                  <td>{new Date(i.expiresAt).toISOString().slice(0, 10)}</td>
                  <td className="actions"><button type="button" className="btn btn-sm" onClick={() => revoke(i.id)} disabled={action.pending}>Revoke</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
