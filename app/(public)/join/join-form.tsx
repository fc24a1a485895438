"use client";
// The invitation's secret is in the link's fragment (#…), which browsers never send to a server.
// Values are read from the form when it is sent, as on the login page.
import { useEffect, useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { useAction } from "@/components/use-action.ts";

export function JoinForm() {
  const action = useAction({ fields: ["username", "password"] });
  const [invitation, setInvitation] = useState<string | null>(null);
  useEffect(() => setInvitation(window.location.hash.slice(1)), []);
  if (invitation === "") return <p className="alert alert-error" role="alert">This link has no invitation in it. Ask an admin for a new invitation link.</p>;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void action.run(async () => {
      await apiJson("POST", "/api/v1/users", { invitation, username: String(form.get("username") ?? "").trim(), password: String(form.get("password") ?? "") });
      window.location.assign("/");
      return "Account created; opening the dashboard…";
    });
  };
  return (
    <form className="stack" onSubmit={submit} method="post" noValidate>
      <div className="field">
        <label htmlFor="username">User name</label>
        <input id="username" name="username" className="input" autoComplete="username" autoCapitalize="none" required maxLength={30}
          {...fieldProps(action, "username", "username", "username-hint")} />
        <span id="username-hint" className="hint">2–30 characters: lowercase letters, digits, - and _.</span>
        <FieldError state={action} name="username" inputId="username" />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" className="input" autoComplete="new-password" required minLength={10} maxLength={1000}
          {...fieldProps(action, "password", "password", "password-hint")} />
        <span id="password-hint" className="hint">At least 10 characters.</span>
        <FieldError state={action} name="password" inputId="password" />
      </div>
      <button type="submit" className="btn btn-primary" disabled={action.pending || invitation === null}>
        {action.pending ? "Creating your account…" : "Create account"}
      </button>
      <Feedback state={action} />
    </form>
  );
}
