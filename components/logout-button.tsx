"use client";
import { useState } from "react";
import { apiFetch, errorMessage } from "./api.ts";

export function LogoutButton() {
  const [state, setState] = useState<{ pending: boolean; error?: string }>({ pending: false });
  const logOut = async () => {
    setState({ pending: true });
    try {
      await apiFetch("/api/v1/auth/session", { method: "DELETE", timeoutMs: 10_000 });
      // A full load, so no page of the old session stays in the client's cache.
      window.location.assign("/login?loggedOut=1");
    } catch (err) {
      setState({ pending: false, error: errorMessage(err) });
    }
  };
  return (
    <>
      <button type="button" className="btn btn-sm" onClick={logOut} disabled={state.pending}>
        {state.pending ? "Logging out…" : "Log out"}
      </button>
      {state.error ? <span className="alert alert-error" role="alert">{state.error}</span> : null}
    </>
  );
}
