import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { listCollaborators } from "@/lib/apps/collaborators.ts";
import { AppSettingsForm } from "./app-settings-form.tsx";
import { Collaborators } from "./collaborators.tsx";
import { DeleteApp } from "./delete-app.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Settings");

export default async function SettingsPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const name = (await params).app;
  const [app, access] = await orNotFound(Promise.all([showApp(session.actor, name), listCollaborators(session.actor, name)]));
  const canManage = access.owner === session.actor.username || session.actor.isAdmin;
  return (
    <div className="stack">
      <AppSettingsForm app={app.name} maintenance={app.maintenance} healthcheck={app.healthcheck} />
      <Collaborators app={app.name} owner={access.owner} collaborators={access.collaborators.map((c) => c.username)} canManage={canManage} />
      {canManage ? <DeleteApp app={app.name} /> : (
        <section className="card"><h2>Delete app</h2><p className="subtle">Only {access.owner} (the owner) or an admin can delete {app.name}.</p></section>
      )}
    </div>
  );
}
