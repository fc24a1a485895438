"use client";
// Values are read from the form when it is sent (not mirrored in state), so whatever was typed
// before the page finished loading counts. The button works once the page is interactive: a
// native submit would put the password in the URL.
import { useEffect, useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

export function LoginForm({ next }: { next: string }) {
  const action = useAction();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void action.run(async () => {
      await apiJson("POST", "/api/v1/auth/session", { username: String(form.get("username") ?? "").trim(), password: String(form.get("password") ?? "") });
      window.location.assign(next);
      return "Logged in; opening the dashboard…";
    });
  };
  return (
    <form className="stack" onSubmit={submit} method="post" noValidate>
      <div className="field">
        <label htmlFor="username">User name</label>
        <input id="username" name="username" className="input" autoComplete="username" autoCapitalize="none" required autoFocus />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" className="input" autoComplete="current-password" required />
      </div>
      <button type="submit" className="btn btn-primary" disabled={!ready || action.pending}>
        {action.pending ? "Logging in…" : "Log in"}
      </button>
      <Feedback state={action} />
    </form>
  );
}
