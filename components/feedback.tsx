"use client";
// The one way an action reports back: a spinner while it runs, then its result or its error —
// in the page's banner area (banner-area.tsx) when there is one, else here. An error about an
// input the form has is shown next to that input instead (field-error.tsx).
import { useContext, useEffect } from "react";
import { BannerContext } from "./banner-area.tsx";
import type { ActionState } from "./use-action.ts";

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="row" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ? <span>{label}</span> : <span className="sr-only">working…</span>}
    </span>
  );
}

/** `inline`: report here even on a page with a banner area (inside a modal dialog, which hides the page). */
export function Feedback({ state, pendingLabel, inline }: { state: ActionState; pendingLabel?: string; inline?: boolean }) {
  const area = useContext(BannerContext);
  const show = inline ? null : area;
  const { pending, error, done, field } = state;
  useEffect(() => {
    if (!show) return;
    // A new action clears the last one's banner; its own result then takes the place.
    if (pending) show(null);
    else if (error !== null && field === null) show({ kind: "error", text: error });
    else if (done !== null) show({ kind: "ok", text: done });
  }, [show, pending, error, done, field]);
  if (pending) return <Spinner label={pendingLabel} />;
  if (show) return null;
  if (error && field === null) return <p className="alert alert-error" role="alert">{error}</p>;
  if (done) return <p className="alert alert-ok" role="status">{done}</p>;
  return null;
}
