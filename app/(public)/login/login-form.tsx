"use client";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

export function LoginForm({ next }: { next: string }) {
  const action = useAction();
  const [values, setValues] = useState({ username: "", password: "" });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await apiJson("POST", "/api/v1/auth/session", values);
      window.location.assign(next);
      return "Logged in; opening the dashboard…";
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="username">User name</label>
        <input id="username" name="username" className="input" autoComplete="username" autoCapitalize="none" required autoFocus
          value={values.username} onChange={(e) => setValues({ ...values, username: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" className="input" autoComplete="current-password" required
          value={values.password} onChange={(e) => setValues({ ...values, password: e.target.value })} />
      </div>
      <button type="submit" className="btn btn-primary" disabled={action.pending}>
        {action.pending ? "Logging in…" : "Log in"}
      </button>
      <Feedback state={action} />
    </form>
  );
}
