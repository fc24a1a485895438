import Link from "next/link";
import { requireSession } from "@/app/_lib/session.ts";
import { listAppSummaries } from "@/lib/apps/app-summaries.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { Time } from "@/components/time.tsx";

export const metadata = { title: "Apps" };

export default async function AppsPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const session = await requireSession();
  const [apps, { deleted }] = await Promise.all([listAppSummaries(session.actor), searchParams]);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Apps</h1>
        <Link href="/apps/new" className="btn btn-primary">Create app</Link>
      </div>
      {deleted ? <p className="alert alert-ok" role="status">The app {deleted} was deleted.</p> : null}
      {apps.length === 0 ? (
        <div className="card empty">
          <p>No apps yet.</p>
          <Link href="/apps/new" className="btn btn-primary">Create your first app</Link>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Apps">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Status</th>
                <th scope="col">Release</th>
                <th scope="col" className="hide-sm">Web URL</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((app) => (
                <tr key={app.name} data-app={app.name}>
                  <td><Link href={`/apps/${app.name}`} prefetch={false} className="mono"><strong>{app.name}</strong></Link></td>
                  <td>
                    <div className="row">
                      <StatusBadge status={app.status} />
                      {app.maintenance ? <StatusBadge status="maintenance" /> : null}
                    </div>
                  </td>
                  <td>
                    {app.release ? (
                      <span>v{app.release.version} <span className="subtle">· <Time date={app.release.createdAt} /></span></span>
                    ) : (
                      <span className="subtle">not deployed</span>
                    )}
                  </td>
                  <td className="hide-sm"><a href={app.url} target="_blank" rel="noreferrer" className="mono">{app.url}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
