import Link from "next/link";
import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession, siteOrigin } from "@/app/_lib/session.ts";
import { listAppAddons } from "@/lib/addons/list-addons.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { listBuilds } from "@/lib/builds/builds.ts";
import { listDomains } from "@/lib/domains/domains.ts";
import { listProcesses } from "@/lib/processes/processes.ts";
import { listReleases } from "@/lib/releases/list-releases.ts";
import { appActivity } from "@/lib/apps/app-activity.ts";
import { GitCommands } from "@/components/git-commands.tsx";
import { LiveRefresh } from "@/components/live-refresh.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";
import { Time } from "@/components/time.tsx";
import { appTitle } from "@/app/_lib/app-title.ts";

export const generateMetadata = appTitle("Overview");

export default async function OverviewPage({ params }: { params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const name = (await params).app;
  const actor = session.actor;
  const [app, processes, domains, releases, builds, addons, origin] = await orNotFound(
    Promise.all([showApp(actor, name), listProcesses(actor, name), listDomains(actor, name), listReleases(actor, name), listBuilds(actor, name), listAppAddons(actor, name), siteOrigin()]),
  );
  const latest = releases[0];
  const activity = await appActivity(actor, name, { releases, builds });
  // Something is moving: the page follows it closely; otherwise it only looks in now and then.
  const busy =
    app.deploying ||
    builds.some((b) => b.status === "pending" || b.status === "building") ||
    releases.slice(0, 3).some((r) => r.status === "pending" || r.status === "deploying") ||
    processes.some((p) => p.state !== "up");
  const up = processes.filter((p) => p.state === "up").length;

  return (
    <div className="stack">
      <LiveRefresh busy={busy} />
      {!app.release && builds.length === 0 ? (
        <section className="card stack-sm" aria-labelledby="first-deploy">
          <h2 id="first-deploy">Deploy {app.name}</h2>
          <p>Push with git, or <Link href={`/apps/${name}/deploy`}>upload a .tar.gz</Link>.</p>
          <GitCommands app={app.name} origin={origin} />
        </section>
      ) : null}
      <div className="grid-2" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(150px, 1fr))" }}>
        <div className="card stat">
          <span className="label">Current release</span>
          <span className="value" data-testid="current-release">{app.release ? `v${app.release.version}` : "none yet"}</span>
          {app.release ? <span className="subtle"><Time date={app.release.createdAt} /></span> : null}
        </div>
        <div className="card stat">
          <span className="label">Latest release</span>
          <span className="value">{latest ? <>v{latest.version} <StatusBadge status={latest.status} /></> : "—"}</span>
          {latest?.status === "failed" && latest.error ? <span className="subtle">{latest.error}</span> : null}
        </div>
        <div className="card stat">
          <span className="label">Processes</span>
          <span className="value">{processes.length ? `${up} of ${processes.length} up` : "none running"}</span>
          <Link href={`/apps/${name}/processes`} className="subtle">Scale and restart</Link>
        </div>
        <div className="card stat">
          <span className="label">Web URL</span>
          <a className="value mono" href={app.url} target="_blank" rel="noreferrer">{app.url}</a>
          {app.deploying ? <span className="subtle">a deploy is in progress</span> : null}
        </div>
      </div>

      <div className="grid-2">
        <section className="card stack-sm" aria-labelledby="processes-heading">
          <h2 id="processes-heading">Processes</h2>
          {processes.length === 0 ? (
            <p className="subtle">Nothing is running.</p>
          ) : (
            <table className="table" aria-label="Processes">
              <thead><tr><th scope="col">Process</th><th scope="col">State</th><th scope="col" className="num">Restarts</th></tr></thead>
              <tbody>
                {processes.map((p) => (
                  <tr key={`${p.name}-${p.release}`}>
                    <td className="mono">{p.name} <span className="subtle">v{p.release}</span></td>
                    <td><StatusBadge status={p.state} /></td>
                    <td className="num">{p.restarts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card stack-sm" aria-labelledby="activity-heading">
          <h2 id="activity-heading">Recent activity</h2>
          {activity.length === 0 ? <p className="subtle">Nothing yet.</p> : (
            <ul className="timeline">
              {activity.map((a) => (
                <li key={a.key}>
                  {a.status ? <StatusBadge status={a.status} /> : <span className="badge badge-plain">event</span>}
                  <Link href={a.href} className="grow">{a.text}</Link>
                  <span className="subtle"><Time date={a.at} /></span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <div className="grid-2">
        <section className="card stack-sm" aria-labelledby="domains-heading">
          <div className="row-between"><h2 id="domains-heading">Domains</h2><Link href={`/apps/${name}/domains`}>Manage</Link></div>
          <ul className="stack-sm" style={{ margin: 0, paddingLeft: 18 }}>
            {domains.map((d) => (
              <li key={d.hostname}><a className="mono" href={d.url} target="_blank" rel="noreferrer">{d.hostname}</a>{d.certificate ? " · HTTPS" : ""}</li>
            ))}
          </ul>
        </section>
        <section className="card stack-sm" aria-labelledby="addons-heading">
          <div className="row-between"><h2 id="addons-heading">Add-ons</h2><Link href={`/apps/${name}/addons`}>Manage</Link></div>
          {addons.length === 0 ? <p className="subtle">None attached. <Link href={`/apps/${name}/addons`}>Add Redis, MySQL or PostgreSQL</Link>.</p> : (
            <ul className="stack-sm" style={{ margin: 0, paddingLeft: 18 }}>
              {addons.map((a) => (
                <li key={a.name}><span className="mono">{a.name}</span> <span className="subtle">{a.service} as <code>{a.configVar}</code></span> <StatusBadge status={a.state === "available" ? "running" : a.state} label={a.state} /></li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
