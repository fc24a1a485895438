import Link from "next/link";
import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { appUrl } from "@/lib/apps/apps.ts";
import { getBuild } from "@/lib/builds/builds.ts";
import { bytes, duration } from "@/components/format.ts";
import { StatusBadge } from "@/components/status-badge.tsx";
import { Time } from "@/components/time.tsx";
import { LiveBuildLog } from "./live-build-log.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Build");

export default async function BuildPage({ params }: { params: Promise<{ app: string; id: string }> }) {
  const session = await requireSession();
  const { app, id } = await params;
  const build = await orNotFound(getBuild(session.actor, app, id));
  const types = Object.keys(build.processTypes);
  const settled = build.status === "failed" || (build.release !== null && (build.release.status === "succeeded" || build.release.status === "failed"));
  return (
    <div className="stack">
      <p><Link href={`/apps/${app}/builds`}>← All builds</Link></p>
      <div className="card grid-2" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(140px, 1fr))" }}>
        <div className="stat"><span className="label">Build</span><span className="value mono">{build.id.slice(0, 8)}</span></div>
        <div className="stat"><span className="label">Status</span><span className="value"><StatusBadge status={build.status} /></span></div>
        <div className="stat"><span className="label">Source</span><span className="value mono">{build.commit ? build.commit.slice(0, 7) : build.source}</span></div>
        <div className="stat"><span className="label">Built with</span><span className="value">{build.buildpack ?? build.builder ?? "—"}</span></div>
        <div className="stat"><span className="label">Duration</span><span className="value">{duration(build.durationSeconds)}</span></div>
        <div className="stat"><span className="label">Image</span><span className="value">{bytes(build.imageSize)}</span></div>
        <div className="stat"><span className="label">Release</span><span className="value">{build.release ? `v${build.release.version}` : "—"}</span></div>
        <div className="stat"><span className="label">Started</span><span className="value"><Time date={build.createdAt} /> by {build.createdBy}</span></div>
      </div>
      {types.length ? <p className="subtle">Process types: {types.join(", ")}</p> : null}
      <LiveBuildLog app={app} buildId={build.id} appUrl={appUrl(app)} settled={settled} />
    </div>
  );
}
