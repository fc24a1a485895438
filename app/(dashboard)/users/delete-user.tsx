"use client";
// Deleting a user asks first, in a dialog: whether their apps go to another user or are deleted
// with them, and the user name typed again (the API checks it too).
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

export function DeleteUser({ username, apps, others }: { username: string; apps: number; others: string[] }) {
  const router = useRouter();
  const action = useAction();
  const dialog = useRef<HTMLDialogElement>(null);
  const [asked, setAsked] = useState(false);
  const [typed, setTyped] = useState("");
  const [transferTo, setTransferTo] = useState("");
  useEffect(() => {
    if (asked && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [asked]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed !== username) return;
    void action.run(async () => {
      // Deleting apps stops containers and removes images: allow it more than the default 30 s.
      await apiJson("DELETE", `/api/v1/users/${encodeURIComponent(username)}`, { confirm: username, ...(transferTo ? { transferAppsTo: transferTo } : {}) }, { timeoutMs: 300_000 });
      dialog.current?.close();
      router.refresh();
      return `Deleted ${username}.`; // the row goes with the refresh
    });
  };
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => (asked ? dialog.current?.showModal() : setAsked(true))}>Delete</button>
      {asked ? (
        <dialog ref={dialog} aria-label={`Delete ${username}`}>
          <form className="stack" onSubmit={submit}>
            <h2>Delete {username}</h2>
            <p>Their API tokens and sessions end at once, and they leave the apps they collaborate on.</p>
            <div className="field">
              <label htmlFor={`transfer-${username}`}>Their apps ({apps}) and add-ons</label>
              <select id={`transfer-${username}`} className="input" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
                <option value="">are deleted with them</option>
                {others.map((o) => <option key={o} value={o}>go to {o}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`confirm-${username}`}>Type <strong className="mono">{username}</strong> to confirm</label>
              <input id={`confirm-${username}`} className="input input-mono" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} />
            </div>
            <div className="row">
              <button type="submit" className="btn btn-danger" disabled={typed !== username || action.pending}>{action.pending ? "Deleting…" : "Delete user"}</button>
              <button type="button" className="btn" onClick={() => dialog.current?.close()} autoFocus>Cancel</button>
            </div>
            <Feedback inline state={action} pendingLabel={`Deleting ${username}…`} />
          </form>
        </dialog>
      ) : null}
    </>
  );
}
