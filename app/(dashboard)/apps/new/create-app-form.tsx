"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiJson } from "@/components/api.ts";
import { Feedback } from "@/components/feedback.tsx";
import { FieldError, fieldProps } from "@/components/field-error.tsx";
import { useAction } from "@/components/use-action.ts";

export function CreateAppForm() {
  const router = useRouter();
  // Every refusal here (malformed, reserved, taken) is about the name.
  const action = useAction({ fields: ["name"], fallback: "name" });
  const [name, setName] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const app = await apiJson<{ name: string }>("POST", "/api/v1/apps", { name: name.trim() });
      router.push(`/apps/${app.name}/deploy?created=1`);
      return `Created ${app.name}`;
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="app-name">App name</label>
        <input id="app-name" className="input input-mono" required autoFocus autoCapitalize="none" spellCheck={false}
          maxLength={30} {...fieldProps(action, "name", "app-name", "app-name-hint")}
          value={name} onChange={(e) => setName(e.target.value)} placeholder="my-app" />
        <FieldError state={action} name="name" inputId="app-name" />
        <span id="app-name-hint" className="hint">2–30 characters: a lowercase letter, then lowercase letters, digits or dashes. It becomes the app's URL.</span>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={action.pending}>{action.pending ? "Creating…" : "Create app"}</button>
      </div>
      <Feedback state={action} />
    </form>
  );
}
