"use client";
// Follows a new release until it is live or has failed (polling, bounded to 5 minutes), so
// saving config or rolling back shows its outcome instead of leaving the user guessing.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { apiJson, errorMessage } from "./api.ts";
import { Spinner } from "./feedback.tsx";

interface ReleaseRow {
  version: number;
  status: string;
  error: string | null;
}

const LIMIT_MS = 5 * 60_000;

export function ReleaseProgress({ app, version, what }: { app: string; version: number; what: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ status: string; error?: string | null }>({ status: "pending" });
  useEffect(() => {
    let stopped = false;
    const started = Date.now();
    const poll = async () => {
      while (!stopped) {
        try {
          const releases = await apiJson<ReleaseRow[]>("GET", `/api/v1/apps/${app}/releases`);
          const r = releases.find((x) => x.version === version);
          if (r && (r.status === "succeeded" || r.status === "failed" || r.status === "unbuilt")) {
            setState({ status: r.status, error: r.error });
            router.refresh();
            return;
          }
          if (r) setState({ status: r.status });
        } catch (err) {
          setState({ status: "unknown", error: errorMessage(err) });
        }
        if (Date.now() - started > LIMIT_MS) {
          setState({ status: "slow" });
          return;
        }
        await new Promise((r) => setTimeout(r, 1500));
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [app, version, router]);

  if (state.status === "succeeded") return <p className="alert alert-ok" role="status">{what}: v{version} is live.</p>;
  if (state.status === "failed") return <p className="alert alert-error" role="alert">{what}: v{version} failed{state.error ? `: ${state.error}` : ""}. The previous release keeps serving.</p>;
  if (state.status === "unbuilt") return <p className="alert alert-info" role="status">{what}: v{version} is saved. The app has no build to run yet: its first successful build runs with this config.</p>;
  if (state.status === "slow") return <p className="alert alert-warn" role="status">v{version} is still deploying after 5 minutes; its status is on the Releases page.</p>;
  return (
    <div className="alert alert-info" aria-live="polite">
      <Spinner label={`${what}: deploying v${version}…`} />
      {state.error ? <span className="subtle"> ({state.error}; retrying)</span> : null}
    </div>
  );
}
