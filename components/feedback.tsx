// The one way an action reports back: a spinner while it runs, then its result or its error.
import type { ActionState } from "./use-action.ts";

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="row" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ? <span>{label}</span> : <span className="sr-only">working…</span>}
    </span>
  );
}

export function Feedback({ state, pendingLabel }: { state: ActionState; pendingLabel?: string }) {
  if (state.pending) return <Spinner label={pendingLabel} />;
  if (state.error) return <p className="alert alert-error" role="alert">{state.error}</p>;
  if (state.done) return <p className="alert alert-ok" role="status">{state.done}</p>;
  return null;
}
