"use client";
// One-off commands (`berth run`): the output streams as JSON lines, then the exit code. Stop
// aborts the request, which stops the container.
import { useRef, useState, type FormEvent } from "react";
import { apiFetch, errorMessage } from "@/components/api.ts";
import { Spinner } from "@/components/feedback.tsx";
import { LogView } from "@/components/log-view.tsx";

type State = { kind: "idle" } | { kind: "running" } | { kind: "exited"; code: number } | { kind: "error"; message: string };

export function RunConsole({ app }: { app: string }) {
  const [command, setCommand] = useState("");
  const [lines, setLines] = useState<string[]>([]);
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (state.kind === "running") return;
    const controller = new AbortController();
    abort.current = controller;
    setLines([]);
    setState({ kind: "running" });
    let partialOutput = "";
    const emit = (text: string) => {
      const parts = (partialOutput + text).split("\n");
      partialOutput = parts.pop() ?? "";
      if (parts.length) setLines((prev) => prev.concat(parts));
    };
    try {
      const res = await apiFetch(`/api/v1/apps/${app}/processes`, { method: "POST", json: { command }, signal: controller.signal, timeoutMs: 0 });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let final: State | null = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const msgs = (buffer + value).split("\n");
        buffer = msgs.pop() ?? "";
        for (const raw of msgs.filter(Boolean)) {
          const msg = JSON.parse(raw) as { output?: string; exitCode?: number; error?: string };
          if (msg.output !== undefined) emit(msg.output);
          if (msg.exitCode !== undefined) final = { kind: "exited", code: msg.exitCode };
          if (msg.error !== undefined) final = { kind: "error", message: msg.error };
        }
      }
      if (partialOutput) setLines((prev) => prev.concat(partialOutput));
      setState(final ?? { kind: "error", message: "the run ended without an exit code" });
    } catch (err) {
      if (partialOutput) setLines((prev) => prev.concat(partialOutput));
      setState({ kind: "error", message: controller.signal.aborted ? "stopped" : errorMessage(err) });
    }
  };

  return (
    <section className="card stack-sm" aria-labelledby="run-heading">
      <h2 id="run-heading">Run a command</h2>
      <p className="subtle">Runs once in a new container with the current release and config, like <code>heroku run</code>.</p>
      <form className="row" onSubmit={run}>
        <label htmlFor="run-command" className="sr-only">Command</label>
        <input id="run-command" className="input input-mono grow" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="python3 -c 'print(42)'" spellCheck={false} autoCapitalize="none" />
        {state.kind === "running" ? (
          <button type="button" className="btn" onClick={() => abort.current?.abort()}>Stop</button>
        ) : (
          <button type="submit" className="btn btn-primary" disabled={!command.trim()}>Run</button>
        )}
      </form>
      {state.kind !== "idle" || lines.length ? <LogView lines={lines} label="Command output" empty={state.kind === "running" ? "Starting…" : "(no output)"} /> : null}
      <div aria-live="polite">
        {state.kind === "running" ? <Spinner label="Running…" /> : null}
        {state.kind === "exited" ? (
          <p className={`alert ${state.code === 0 ? "alert-ok" : "alert-error"}`} role="status" data-testid="exit-code">Exited with code {state.code}</p>
        ) : null}
        {state.kind === "error" ? <p className="alert alert-error" role="alert">{state.message === "stopped" ? "Stopped." : `The command could not run: ${state.message}`}</p> : null}
      </div>
    </section>
  );
}
