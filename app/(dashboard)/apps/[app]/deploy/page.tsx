import Link from "next/link";
import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession, siteOrigin } from "@/app/_lib/session.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { settings } from "@/lib/env.ts";
import { GitCommands } from "@/components/git-commands.tsx";
import { UploadSource } from "@/components/upload-source.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Deploy");

export default async function DeployPage({ params, searchParams }: { params: Promise<{ app: string }>; searchParams: Promise<{ created?: string }> }) {
  const session = await requireSession();
  const [app, origin, { created }] = await Promise.all([orNotFound(showApp(session.actor, (await params).app)), siteOrigin(), searchParams]);
  return (
    <div className="stack">
      {created ? <p className="alert alert-ok" role="status">Created {app.name}. Deploy it with git, or upload its source below.</p> : null}
      <section className="card stack-sm" aria-labelledby="git-heading">
        <h2 id="git-heading">Deploy with git</h2>
        <p className="subtle">From your app's folder (a git repository):</p>
        <GitCommands app={app.name} origin={origin} />
      </section>
      <section className="card stack-sm" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Deploy by upload</h2>
        <UploadSource app={app.name} appUrl={app.url} limits={{ maxEntries: settings.maxUploadEntries, maxUnpackedBytes: settings.maxUnpackedBytes }} />
      </section>
      <p className="subtle">Past builds and their logs are under <Link href={`/apps/${app.name}/builds`}>Builds</Link>.</p>
    </div>
  );
}
