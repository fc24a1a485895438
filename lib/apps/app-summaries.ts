// The apps list as the dashboard shows it: status, last release, URL — read in a fixed number of
// queries whatever the number of apps (no query per app).
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { appUrl, visibleApps } from "./apps.ts";

export type AppStatus = "building" | "crashed" | "running" | "idle";

export interface AppSummary {
  name: string;
  url: string;
  status: AppStatus;
  release: { version: number; summary: string; createdAt: Date } | null;
  maintenance: boolean;
  createdAt: Date;
}

export async function listAppSummaries(actor: Actor): Promise<AppSummary[]> {
  const apps = await db.app.findMany({ where: visibleApps(actor), orderBy: { name: "asc" }, select: { id: true, name: true, deployLock: true, maintenance: true, createdAt: true } });
  if (apps.length === 0) return [];
  const appIds = apps.map((a) => a.id);
  const [building, containers, latest] = await Promise.all([
    db.build.groupBy({ by: ["appId"], where: { appId: { in: appIds }, status: { in: ["pending", "building"] } } }),
    db.container.groupBy({ by: ["appId", "state"], where: { appId: { in: appIds }, state: { in: ["up", "starting", "crashed"] } }, _count: { _all: true } }),
    db.release.groupBy({ by: ["appId"], where: { appId: { in: appIds }, status: "succeeded" }, _max: { version: true } }),
  ]);
  const pairs = latest.filter((l) => l._max.version !== null).map((l) => ({ appId: l.appId, version: l._max.version! }));
  const releases = pairs.length
    ? await db.release.findMany({ where: { OR: pairs }, select: { appId: true, version: true, summary: true, createdAt: true } })
    : [];
  const buildingIds = new Set(building.map((b) => b.appId));
  const states = new Map<string, Set<string>>();
  for (const c of containers) states.set(c.appId, (states.get(c.appId) ?? new Set()).add(c.state));
  const releaseOf = new Map(releases.map((r) => [r.appId, r]));
  return apps.map((app) => {
    const seen = states.get(app.id) ?? new Set<string>();
    const status: AppStatus =
      buildingIds.has(app.id) || app.deployLock !== null ? "building" : seen.has("crashed") ? "crashed" : seen.has("up") || seen.has("starting") ? "running" : "idle";
    const r = releaseOf.get(app.id);
    return {
      name: app.name,
      url: appUrl(app.name),
      status,
      release: r ? { version: r.version, summary: r.summary, createdAt: r.createdAt } : null,
      maintenance: app.maintenance,
      createdAt: app.createdAt,
    };
  });
}
