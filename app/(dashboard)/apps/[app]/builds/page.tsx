import Link from "next/link";
import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { listBuilds } from "@/lib/builds/builds.ts";
import { duration } from "@/components/format.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { Time } from "@/components/time.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Builds");

export default async function BuildsPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const { app } = await params;
  const builds = await orNotFound(listBuilds(session.actor, app));
  if (builds.length === 0) {
    return (
      <div className="card empty">
        <p>No builds yet.</p>
        <Link className="btn btn-primary" href={`/apps/${app}/deploy`}>Deploy</Link>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Builds">
        <thead>
          <tr>
            <th scope="col">Build</th>
            <th scope="col">Status</th>
            <th scope="col">Source</th>
            <th scope="col" className="hide-sm">Built with</th>
            <th scope="col" className="num">Duration</th>
            <th scope="col" className="hide-sm">By</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {builds.map((b) => (
            <tr key={b.id}>
              <td><Link className="mono" prefetch={false} href={`/apps/${app}/builds/${b.id}`}>{b.id.slice(0, 8)}</Link></td>
              <td><StatusBadge status={b.status} /></td>
              <td className="mono">{b.source === "git" && b.commit ? b.commit.slice(0, 7) : b.source}</td>
              <td className="hide-sm">{b.builder === "buildpack" ? `buildpack ${b.buildpack ?? ""}` : (b.builder ?? "—")}</td>
              <td className="num">{duration(b.durationSeconds)}</td>
              <td className="hide-sm">{b.createdBy}</td>
              <td><Time date={b.createdAt} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
