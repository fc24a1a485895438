"use client";
// Follows one build's output live (GET …/builds/{id}/output streams until the pipeline ends), then
// says how it ended: deployed as vN, or why not. A watchdog on the build's status makes sure the
// page never waits forever on a stream whose pipeline is over.
import { useEffect, useRef, useState } from "react";
import { apiFetch, apiJson, errorMessage } from "./api.ts";
import { LogView } from "./log-view.tsx";
import { Spinner } from "./feedback.tsx";

export interface BuildInfo {
  id: string;
  status: string;
  error: string | null;
  durationSeconds: number | null;
  release: { version: number; status: string; error: string | null } | null;
}

type Outcome = { kind: "following" } | { kind: "ended"; build: BuildInfo } | { kind: "error"; message: string };

const finished = (b: BuildInfo) => b.status === "failed" || (b.status === "succeeded" && b.release !== null && (b.release.status === "succeeded" || b.release.status === "failed"));

export function BuildLog({ app, buildId, appUrl, onEnd }: { app: string; buildId: string; appUrl: string; onEnd?: (build: BuildInfo) => void }) {
  const [lines, setLines] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "following" });
  const [elapsed, setElapsed] = useState(0);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    const abort = new AbortController();
    const base = `/api/v1/apps/${app}/builds/${buildId}`;
    const started = Date.now();
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const tick = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 1000);
    // Watchdog: once the build says it is over, the stream gets 10 s to end on its own.
    const watchdog = setInterval(async () => {
      try {
        const build = await apiJson<BuildInfo>("GET", base);
        if (finished(build) && !graceTimer) graceTimer = setTimeout(() => abort.abort(), 10_000);
      } catch {
        // a missed poll is retried at the next tick
      }
    }, 5000);
    const follow = async () => {
      try {
        const res = await apiFetch(`${base}/output`, { signal: abort.signal, timeoutMs: 0 });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let partial = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parts = (partial + value).split("\n");
          partial = parts.pop() ?? "";
          if (parts.length) setLines((prev) => prev.concat(parts));
        }
        if (partial) setLines((prev) => prev.concat(partial));
      } catch (err) {
        if (!abort.signal.aborted) {
          setOutcome({ kind: "error", message: `The build log stopped: ${errorMessage(err)}. Reload the page to follow it again.` });
          return;
        }
        // Aborted by the page going away: nothing to show. By the watchdog: show how it ended.
        if (!graceTimer) return;
      }
      try {
        const build = await apiJson<BuildInfo>("GET", base);
        setOutcome({ kind: "ended", build });
        onEndRef.current?.(build);
      } catch (err) {
        setOutcome({ kind: "error", message: errorMessage(err) });
      }
    };
    void follow().finally(() => {
      clearInterval(tick);
      clearInterval(watchdog);
      clearTimeout(graceTimer);
    });
    return () => {
      abort.abort();
      clearInterval(tick);
      clearInterval(watchdog);
      clearTimeout(graceTimer);
    };
  }, [app, buildId]);

  return (
    <div className="stack-sm">
      <LogView lines={lines} label="Build output" />
      <div aria-live="polite">
        {outcome.kind === "following" ? <Spinner label={`Building… ${elapsed} s`} /> : null}
        {outcome.kind === "error" ? <p className="alert alert-error" role="alert">{outcome.message}</p> : null}
        {outcome.kind === "ended" ? <BuildOutcome build={outcome.build} appUrl={appUrl} app={app} /> : null}
      </div>
    </div>
  );
}

function BuildOutcome({ build, appUrl, app }: { build: BuildInfo; appUrl: string; app: string }) {
  if (build.status === "failed") return <p className="alert alert-error" role="alert">Build failed{build.error ? `: ${build.error}` : ""}. What was serving keeps serving.</p>;
  if (!build.release) return <p className="alert alert-warn" role="status">The build ended ({build.status}) without a release.</p>;
  if (build.release.status === "failed") {
    return <p className="alert alert-error" role="alert">Release v{build.release.version} failed{build.release.error ? `: ${build.release.error}` : ""}. The previous release keeps serving.</p>;
  }
  if (build.release.status !== "succeeded") return <p className="alert alert-info" role="status">Release v{build.release.version} is {build.release.status}; see <a href={`/apps/${app}/releases`}>releases</a>.</p>;
  return (
    <p className="alert alert-ok" role="status">
      Deployed v{build.release.version}. <a href={appUrl} target="_blank" rel="noreferrer">Open the app ↗</a>
    </p>
  );
}
