import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import Link from "next/link";
import { releasesPage } from "@/lib/releases/list-releases.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { Time } from "@/components/time.tsx";
import { RollbackButton } from "./rollback-button.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Releases");

export default async function ReleasesPage({ params, searchParams }: { params: Promise<{ app: string }>; searchParams: Promise<{ before?: string | string[] }> }) {
  const session = await requireSession();
  const { app } = await params;
  const { before } = await searchParams;
  // "Current" is the newest release that did not fail, as the router sees it.
  const { releases, current, olderFrom } = await orNotFound(releasesPage(session.actor, app, typeof before === "string" ? before : undefined));
  if (releases.length === 0 && before !== undefined) return <div className="card empty">No older releases. <Link href={`/apps/${app}/releases`}>Newest releases</Link></div>;
  if (releases.length === 0) return <div className="card empty">No releases yet: deploy the app or set a config var.</div>;
  return (
    <section className="card" aria-label="Releases">
      <ol className="timeline" reversed>
        {releases.map((r) => (
          <li key={r.version} data-version={r.version}>
            <span className="version">v{r.version}</span>
            <div className="grow stack-sm" style={{ gap: 2 }}>
              <div className="row">
                <span>{r.summary}</span>
                {r.version === current ? <StatusBadge status="live" label="current" /> : <StatusBadge status={r.status} />}
              </div>
              <span className="subtle">by {r.createdBy} · <Time date={r.createdAt} /></span>
              {r.status === "failed" && r.error ? <span className="alert alert-error">{r.error}</span> : null}
            </div>
            {r.version !== current && r.status === "succeeded" && r.build ? <RollbackButton app={app} version={r.version} /> : null}
          </li>
        ))}
      </ol>
      {olderFrom !== null || before !== undefined ? (
        <nav className="row" aria-label="More releases">
          {before !== undefined ? <Link href={`/apps/${app}/releases`}>Newest releases</Link> : null}
          {olderFrom !== null ? <Link href={`/apps/${app}/releases?before=${olderFrom}`}>Older releases</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
