// Reading builds, as the API shows them.
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { notFound } from "../errors.ts";

type BuildRow = Awaited<ReturnType<typeof db.build.findFirstOrThrow>>;
type ReleaseRow = { version: number; status: string; error: string | null };

export function buildView(build: BuildRow, release?: ReleaseRow | null) {
  const ms = build.startedAt && build.finishedAt ? build.finishedAt.getTime() - build.startedAt.getTime() : null;
  return {
    id: build.id,
    status: build.status,
    source: build.sourceKind,
    commit: build.commit,
    builder: build.builder,
    buildpack: build.buildpack,
    processTypes: JSON.parse(build.processTypes) as Record<string, string>,
    image: build.image,
    imageSize: build.imageSize,
    durationSeconds: ms === null ? null : Math.round(ms / 100) / 10,
    error: build.error,
    /** app.json's postdeploy command, and why it failed when it did (the push is then rejected). */
    postdeploy: build.postdeploy ? { command: build.postdeploy, error: build.postdeployError } : null,
    createdBy: build.createdBy,
    createdAt: build.createdAt,
    release: release ? { version: release.version, status: release.status, error: release.error } : null,
  };
}

export async function listBuilds(actor: Actor, appName: string) {
  const app = await findApp(actor, appName);
  const builds = await db.build.findMany({ where: { appId: app.id }, orderBy: { createdAt: "desc" }, take: 100 });
  return builds.map((b) => buildView(b));
}

export async function getBuild(actor: Actor, appName: string, id: string) {
  const app = await findApp(actor, appName);
  const build = await db.build.findFirst({ where: { id, appId: app.id } });
  if (!build) throw notFound(`no build ${id.slice(0, 40)} for ${app.name}`);
  const release = await db.release.findFirst({ where: { buildId: id }, orderBy: { version: "asc" } });
  return buildView(build, release);
}
