import { requireSession } from "@/app/_lib/session.ts";
import { listTokens } from "@/lib/auth/tokens.ts";
import { PasswordForm } from "./password-form.tsx";
import { Tokens } from "./tokens.tsx";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await requireSession();
  const tokens = await listTokens(session.actor);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Account</h1>
        <span className="subtle">Signed in as <strong>{session.actor.username}</strong>{session.actor.isAdmin ? " (admin)" : ""}</span>
      </div>
      <Tokens tokens={JSON.parse(JSON.stringify(tokens))} />
      <PasswordForm />
    </div>
  );
}
