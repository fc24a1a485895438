import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { listReleases } from "@/lib/releases/list-releases.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { Time } from "@/components/time.tsx";
import { RollbackButton } from "./rollback-button.tsx";

export const metadata = { title: "Releases" };

export default async function ReleasesPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const { app } = await params;
  const releases = await orNotFound(listReleases(session.actor, app));
  // "Current" is the newest release that did not fail, as the router sees it.
  const current = releases.find((r) => r.status === "succeeded")?.version;
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
      {releases.length >= 200 ? <p className="subtle">Showing the newest 200 releases.</p> : null}
    </section>
  );
}
