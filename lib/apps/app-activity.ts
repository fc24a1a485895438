// An app's recent activity, as its overview shows it: releases and builds (with their status),
// merged by time with the platform's own events from the app's log — scales, restarts, crashes,
// add-ons, drains — which have no row of their own (lib/logs/record-event.ts writes them).
import type { Actor } from "../auth/users.ts";
import { recentLines } from "../logs/log-store.ts";
import { findApp } from "./apps.ts";

export interface ActivityItem {
  key: string;
  at: string;
  text: string;
  /** A release's or build's status; null for an event (it has none). */
  status: string | null;
  /** Where the item leads: a build's log, the releases, or the app's log. */
  href: string;
}

export interface ActivitySources {
  releases: { version: number; summary: string; status: string; createdAt: Date | string }[];
  builds: { id: string; createdBy: string; status: string; createdAt: Date | string }[];
  events: { id: string; time: string; process: string; text: string }[];
}

/**
 * Events that only repeat a release's own row ("Deploying v3: …", "Release v3 is live") are left
 * out: the release is in the feed already, with its status.
 */
const RELEASE_EVENT = /^(Deploying v\d+:|Release v\d+ (is live|failed))/;

export const ACTIVITY_ITEMS = 10;

/** Pure: the newest `limit` items of the three sources, newest first. */
export function mergeActivity(app: string, sources: ActivitySources, limit = ACTIVITY_ITEMS): ActivityItem[] {
  const iso = (d: Date | string) => new Date(d).toISOString();
  return [
    ...sources.releases.slice(0, limit).map((r) => ({ key: `r${r.version}`, at: iso(r.createdAt), text: `v${r.version} · ${r.summary}`, status: r.status, href: `/apps/${app}/releases` })),
    ...sources.builds.slice(0, limit).map((b) => ({ key: `b${b.id}`, at: iso(b.createdAt), text: `Build ${b.id.slice(0, 8)} by ${b.createdBy}`, status: b.status, href: `/apps/${app}/builds/${b.id}` })),
    ...sources.events
      .filter((e) => !RELEASE_EVENT.test(e.text))
      .map((e) => ({ key: `e${e.id}`, at: iso(e.time), text: e.text, status: null, href: `/apps/${app}/logs` })),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, limit);
}

const EVENTS_READ = 30;

/** The platform's recent events for an app (its log's `berth` lines), oldest first. */
export async function recentEvents(appId: string) {
  return recentLines(appId, EVENTS_READ, (line) => line.source === "berth");
}

/** The overview's feed; `releases` and `builds` are what the page loaded already, newest first. */
export async function appActivity(actor: Actor, appName: string, loaded: Omit<ActivitySources, "events">): Promise<ActivityItem[]> {
  const app = await findApp(actor, appName);
  return mergeActivity(app.name, { ...loaded, events: await recentEvents(app.id) });
}
