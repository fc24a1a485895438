"use client";
// A host's drain / undrain and remove buttons, and the join command for a new machine (its token
// is fetched on request, shown once, and kept in no state beyond this page).
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiJson } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { CodeBlock } from "@/components/copy-button.tsx";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

export function HostActions({ name, draining, lastReady }: { name: string; draining: boolean; lastReady: boolean }) {
  const router = useRouter();
  const action = useAction();
  const path = `/api/v1/hosts/${encodeURIComponent(name)}`;
  const drain = (on: boolean) =>
    void action.run(async () => {
      await apiJson("PATCH", path, { drain: on });
      router.refresh();
      return on ? `${name} is draining: its containers move to other hosts.` : `${name} takes containers again.`;
    });
  const remove = () =>
    void action.run(async () => {
      await apiJson("DELETE", path);
      router.refresh();
      return `Removed ${name}.`;
    });
  return (
    <div className="stack-sm">
      <div className="row">
        {draining ? (
          <button type="button" className="btn btn-sm" disabled={action.pending} onClick={() => drain(false)}>Undrain</button>
        ) : (
          <ConfirmButton small label="Drain" title={`Drain ${name}`} confirmLabel="Drain" disabled={action.pending} onConfirm={() => drain(true)}>
            <p>Berth places no new containers on {name} and moves the ones it runs to the other hosts.{lastReady ? " It is the last ready host: Berth will refuse." : ""}</p>
          </ConfirmButton>
        )}
        <ConfirmButton small danger label="Remove" title={`Remove ${name}`} confirmLabel="Remove host" disabled={action.pending} onConfirm={remove}>
          <p>{name} leaves the swarm. Berth refuses while its containers run there, unless it is drained.</p>
        </ConfirmButton>
      </div>
      <Feedback state={action} />
    </div>
  );
}

export function JoinCommand() {
  const action = useAction();
  const [join, setJoin] = useState<{ command: string; note: string } | null>(null);
  const show = () =>
    void action.run(async () => {
      setJoin(await apiJson<{ command: string; note: string }>("POST", "/api/v1/hosts/join-command"));
    });
  return (
    <section className="card stack-sm" aria-labelledby="join-heading">
      <h2 id="join-heading">Add a host</h2>
      {join ? (
        <>
          <CodeBlock code={join.command} label="Join command" />
          <p className="subtle">{join.note}</p>
        </>
      ) : (
        <div className="row">
          <button type="button" className="btn" disabled={action.pending} onClick={show}>Show the join command</button>
        </div>
      )}
      <Feedback state={action} />
    </section>
  );
}
