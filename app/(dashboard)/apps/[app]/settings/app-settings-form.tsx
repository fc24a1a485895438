"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { useAction } from "@/components/use-action.ts";

export function AppSettingsForm({ app, maintenance, healthcheck }: { app: string; maintenance: boolean; healthcheck: { path: string | null; timeout: number } }) {
  const router = useRouter();
  const toggle = useAction();
  const check = useAction({ fields: ["healthcheck.path", "healthcheck.timeout"] });
  const [path, setPath] = useState(healthcheck.path ?? "");
  const [timeout, setTimeoutValue] = useState(String(healthcheck.timeout));

  const setMaintenance = (on: boolean) =>
    toggle.run(async () => {
      await apiJson("PATCH", `/api/v1/apps/${app}`, { maintenance: on });
      router.refresh();
      return on ? "Maintenance mode is on: visitors get a 503 maintenance page." : "Maintenance mode is off: the app serves again.";
    });

  const saveCheck = (e: FormEvent) => {
    e.preventDefault();
    void check.run(async () => {
      const seconds = Number(timeout);
      // An empty path is no path: the default check.
      const chosen = path.trim() === "" ? null : path;
      await apiJson("PATCH", `/api/v1/apps/${app}`, { healthcheck: { path: chosen, timeout: Number.isFinite(seconds) && timeout.trim() !== "" ? seconds : timeout } });
      router.refresh();
      return chosen === null
        ? "Saved: new web processes pass once they answer HTTP on $PORT (or the source's CHECKS file), from the next deploy on."
        : `Saved: new web processes must answer ${chosen} with 2xx or 3xx, from the next deploy on.`;
    });
  };

  return (
    <div className="grid-2">
      <section className="card stack-sm" aria-labelledby="maintenance-heading">
        <h2 id="maintenance-heading">Maintenance mode</h2>
        <p className="subtle">The router answers every request with a maintenance page; processes keep running.</p>
        <div className="row">
          <span>Currently <strong>{maintenance ? "on" : "off"}</strong></span>
          <button type="button" className="btn" onClick={() => setMaintenance(!maintenance)} disabled={toggle.pending}>
            {maintenance ? "Turn off maintenance" : "Turn on maintenance"}
          </button>
        </div>
        <Feedback state={toggle} pendingLabel="Switching…" />
      </section>
      <section className="card stack-sm" aria-labelledby="check-heading">
        <h2 id="check-heading">Health check</h2>
        <p className="subtle">
          New web processes get traffic once they pass it. With no path, any HTTP answer below 500 on <code>$PORT</code> passes
          (or the checks of a <code>CHECKS</code> file in the source); a path must answer 2xx or 3xx, and wins over <code>CHECKS</code>.
        </p>
        <form className="stack-sm" onSubmit={saveCheck} noValidate>
          <div className="field">
            <label htmlFor="check-path">Path</label>
            <input id="check-path" className="input input-mono" value={path} placeholder="none: any answer below 500" onChange={(e) => setPath(e.target.value)}
              maxLength={1024} {...fieldProps(check, "healthcheck.path", "check-path")} />
            <FieldError state={check} name="healthcheck.path" inputId="check-path" />
          </div>
          <div className="field">
            <label htmlFor="check-timeout">Timeout (seconds)</label>
            <input id="check-timeout" className="input input-num" type="number" min={1} max={300} value={timeout} onChange={(e) => setTimeoutValue(e.target.value)}
              {...fieldProps(check, "healthcheck.timeout", "check-timeout")} />
            <FieldError state={check} name="healthcheck.timeout" inputId="check-timeout" />
          </div>
          <div><button type="submit" className="btn btn-primary" disabled={check.pending}>Save health check</button></div>
        </form>
        <Feedback state={check} pendingLabel="Saving…" />
      </section>
    </div>
  );
}
