"use client";
// The exact commands to deploy with git. The remote needs an API token as its password: by default
// the commands read it from $BERTH_TOKEN; "Create a token" makes one and writes it in (shown once).
import { useState } from "react";
import { apiJson } from "./api.ts";
import { CodeBlock } from "./copy-button.tsx";
import { Feedback } from "./feedback.tsx";
import { useAction } from "./use-action.ts";

export function GitCommands({ app, origin }: { app: string; origin: string }) {
  const [token, setToken] = useState<string | null>(null);
  const action = useAction();
  const remote = `${origin.replace("://", `://berth:${token ?? "$BERTH_TOKEN"}@`)}/git/${app}.git`;
  const commands = [`git remote add berth "${remote}"`, "git push berth main"].join("\n");
  const create = () =>
    action.run(async () => {
      const created = await apiJson<{ token: string }>("POST", "/api/v1/account/tokens", { name: `git ${app}` });
      setToken(created.token);
      return "A token was created and written into the commands. It is shown only now; revoke it on your account page.";
    });
  return (
    <div className="stack-sm">
      <CodeBlock code={commands} label="git commands" />
      {token ? null : (
        <div className="row">
          <span className="subtle">The remote's password is an API token, read here from <code>$BERTH_TOKEN</code>.</span>
          <button type="button" className="btn btn-sm" onClick={create} disabled={action.pending}>Create a token for git</button>
        </div>
      )}
      <Feedback state={action} pendingLabel="Creating a token…" />
    </div>
  );
}
