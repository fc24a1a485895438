"use client";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { inputError, useAction } from "@/components/use-action.ts";

export function PasswordForm() {
  const action = useAction({ fields: ["currentPassword", "newPassword", "repeat"] });
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", repeat: "" });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      if (values.newPassword !== values.repeat) throw inputError("repeat", "the two new passwords differ");
      await apiJson("PUT", "/api/v1/account/password", { currentPassword: values.currentPassword, newPassword: values.newPassword });
      setValues({ currentPassword: "", newPassword: "", repeat: "" });
      return "Password changed. Your other dashboard sessions were logged out; API tokens keep working.";
    });
  };
  return (
    <section className="card stack-sm" aria-labelledby="password-heading" style={{ maxWidth: 520 }}>
      <h2 id="password-heading">Change password</h2>
      <form className="stack-sm" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" type="password" className="input" autoComplete="current-password" value={values.currentPassword} onChange={(e) => setValues({ ...values, currentPassword: e.target.value })}
            maxLength={1000} {...fieldProps(action, "currentPassword", "current-password")} />
          <FieldError state={action} name="currentPassword" inputId="current-password" />
        </div>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input id="new-password" type="password" className="input" autoComplete="new-password" value={values.newPassword} onChange={(e) => setValues({ ...values, newPassword: e.target.value })}
            minLength={10} maxLength={1000} {...fieldProps(action, "newPassword", "new-password", "new-password-hint")} />
          <span id="new-password-hint" className="hint">At least 10 characters.</span>
          <FieldError state={action} name="newPassword" inputId="new-password" />
        </div>
        <div className="field">
          <label htmlFor="repeat-password">New password again</label>
          <input id="repeat-password" type="password" className="input" autoComplete="new-password" value={values.repeat} onChange={(e) => setValues({ ...values, repeat: e.target.value })}
            maxLength={1000} {...fieldProps(action, "repeat", "repeat-password")} />
          <FieldError state={action} name="repeat" inputId="repeat-password" />
        </div>
        <div><button type="submit" className="btn btn-primary" disabled={action.pending}>Change password</button></div>
      </form>
      <Feedback state={action} pendingLabel="Changing…" />
    </section>
  );
}
