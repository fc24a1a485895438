import { z } from "zod";
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { currentRelease } from "./create-release.ts";

export const RELEASES_PAGE = 200;

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be from ${min} to ${max}`);

/** `?limit=` (1–1000, default 200) `&before=N`: the releases older than vN, for the next page. */
export const releasesQuery = z
  .object({
    limit: wholeNumber("limit", 1, 1000).default(RELEASES_PAGE),
    before: wholeNumber("before", 1, 2 ** 31 - 1).optional(),
  })
  .strict();

/** The app's releases, newest first, a page at a time. */
export async function listReleases(actor: Actor, appName: string, query: Record<string, string> = {}) {
  return releasesOf((await findApp(actor, appName)).id, query);
}

async function releasesOf(appId: string, query: Record<string, string>) {
  const { limit, before } = releasesQuery.parse(query);
  const releases = await db.release.findMany({
    where: { appId, ...(before === undefined ? {} : { version: { lt: before } }) },
    orderBy: { version: "desc" },
    take: limit,
  });
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

/**
 * A page of the dashboard's release list (newest first, older ones from `before`), the version
 * serving now (it may be on another page), and where the next page starts, if there is one.
 */
export async function releasesPage(actor: Actor, appName: string, before?: string) {
  const app = await findApp(actor, appName);
  const [page, current] = await Promise.all([
    releasesOf(app.id, { limit: String(RELEASES_PAGE + 1), ...(before === undefined ? {} : { before }) }),
    currentRelease(app.id),
  ]);
  const releases = page.slice(0, RELEASES_PAGE);
  return { releases, current: current?.version ?? null, olderFrom: page.length > RELEASES_PAGE ? releases.at(-1)!.version : null };
}
