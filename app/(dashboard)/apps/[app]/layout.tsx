import type { ReactNode } from "react";
import { orNotFound } from "@/app/_lib/load.ts";
import { requireSession } from "@/app/_lib/session.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { NavLinks } from "@/components/nav-links.tsx";
import { StatusBadge } from "@/components/status-badge.tsx";

export default async function AppLayout({ children, params }: { children: ReactNode; params: Promise<{ app: string }> }) {
  const session = await requireSession();
  const app = await orNotFound(showApp(session.actor, (await params).app));
  const base = `/apps/${app.name}`;
  const tabs = [
    { href: base, label: "Overview", exact: true },
    { href: `${base}/deploy`, label: "Deploy" },
    { href: `${base}/builds`, label: "Builds" },
    { href: `${base}/releases`, label: "Releases" },
    { href: `${base}/config`, label: "Config" },
    { href: `${base}/processes`, label: "Processes" },
    { href: `${base}/logs`, label: "Logs" },
    { href: `${base}/metrics`, label: "Metrics" },
    { href: `${base}/addons`, label: "Add-ons" },
    { href: `${base}/domains`, label: "Domains" },
    { href: `${base}/settings`, label: "Settings" },
  ];
  return (
    <div>
      <div className="page-head">
        <div className="stack-sm grow">
          <div className="row">
            <h1 className="mono">{app.name}</h1>
            {app.maintenance ? <StatusBadge status="maintenance" /> : null}
          </div>
          <a href={app.url} target="_blank" rel="noreferrer" className="mono subtle">{app.url}</a>
        </div>
        <a href={app.url} target="_blank" rel="noreferrer" className="btn">Open app ↗</a>
      </div>
      <div className="tabs-wrap">
        <NavLinks className="tabs" label={`${app.name} sections`} links={tabs} />
      </div>
      {children}
    </div>
  );
}
