"use client";
// The invitation's secret is in the link's fragment (#…), which browsers never send to a server.
import { useEffect, useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { useAction } from "@/components/use-action.ts";

export function JoinForm() {
  const action = useAction();
  const [invitation, setInvitation] = useState<string | null>(null);
  const [values, setValues] = useState({ username: "", password: "" });
  useEffect(() => setInvitation(window.location.hash.slice(1) || ""), []);
  if (invitation === "") return <p className="alert alert-error" role="alert">This link has no invitation in it. Ask an admin for a new invitation link.</p>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await apiJson("POST", "/api/v1/users", { invitation, ...values });
      window.location.assign("/");
      return "Account created; opening the dashboard…";
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="username">User name</label>
        <input id="username" className="input" autoComplete="username" autoCapitalize="none" required
          value={values.username} onChange={(e) => setValues({ ...values, username: e.target.value })} />
        <span className="hint">2–30 characters: lowercase letters, digits, - and _.</span>
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" type="password" className="input" autoComplete="new-password" required
          value={values.password} onChange={(e) => setValues({ ...values, password: e.target.value })} />
        <span className="hint">At least 10 characters.</span>
      </div>
      <button type="submit" className="btn btn-primary" disabled={action.pending || invitation === null}>
        {action.pending ? "Creating your account…" : "Create account"}
      </button>
      <Feedback state={action} />
    </form>
  );
}
