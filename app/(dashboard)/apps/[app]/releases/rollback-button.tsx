"use client";
import { useState } from "react";
import { apiJson } from "@/components/api.ts";
import { ConfirmButton } from "@/components/confirm-button.tsx";
import { Feedback } from "@/components/feedback.tsx";
import { ReleaseProgress } from "@/components/release-progress.tsx";
import { useAction } from "@/components/use-action.ts";

export function RollbackButton({ app, version }: { app: string; version: number }) {
  const action = useAction();
  const [created, setCreated] = useState<number | null>(null);
  const rollBack = () =>
    action.run(async () => {
      const release = await apiJson<{ version: number }>("POST", `/api/v1/apps/${app}/releases`, { release: version });
      setCreated(release.version);
    });
  return (
    <div className="stack-sm" style={{ alignItems: "flex-end" }}>
      <ConfirmButton small label={`Roll back to v${version}`} title={`Roll back to v${version}?`} confirmLabel={`Roll back to v${version}`} onConfirm={rollBack} disabled={action.pending}>
        <p>A new release will run v{version}'s build with v{version}'s config. Nothing is deleted: you can roll forward again the same way.</p>
      </ConfirmButton>
      <Feedback state={action} pendingLabel="Rolling back…" />
      {created ? <ReleaseProgress app={app} version={created} what={`Rolled back to v${version}`} /> : null}
    </div>
  );
}
