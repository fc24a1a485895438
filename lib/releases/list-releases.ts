import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";

export async function listReleases(actor: Actor, appName: string) {
  const app = await findApp(actor, appName);
  const releases = await db.release.findMany({ where: { appId: app.id }, orderBy: { version: "desc" }, take: 200 });
  return releases.map((r) => ({
    version: r.version,
    status: r.status,
    build: r.buildId,
    summary: r.summary,
    error: r.error,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  }));
}
