// The backup schedule: pure rules for when an add-on is due and which scheduled backups to
// prune (kept apart so they are tested without Docker), and the sweep that applies them.
const INTERVAL_MS: Record<string, number> = { hourly: 60 * 60_000, daily: 24 * 60 * 60_000 };

export interface ScheduleState {
  backupSchedule: string;
  lastBackupAt: Date | null;
  createdAt: Date;
}

/** Due once an interval has passed since the last backup began (or since the add-on was made). */
export function backupDue(addon: ScheduleState, now: Date): boolean {
  const interval = INTERVAL_MS[addon.backupSchedule];
  if (!interval) return false;
  return now.getTime() - (addon.lastBackupAt ?? addon.createdAt).getTime() >= interval;
}

export interface BackupRecord {
  id: string;
  kind: string;
  state: string;
  createdAt: Date;
}

/**
 * Scheduled backups beyond the newest `keep` good ones, and failed scheduled ones older than the
 * oldest kept. Manual backups are never pruned: they go only when deleted by hand.
 */
export function backupsToPrune(backups: BackupRecord[], keep: number): string[] {
  const scheduled = backups.filter((b) => b.kind === "scheduled").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const good = scheduled.filter((b) => b.state === "succeeded");
  const kept = good.slice(0, keep);
  const oldestKept = kept.at(-1)?.createdAt.getTime() ?? -Infinity;
  return scheduled
    .filter((b) => (b.state === "succeeded" && !kept.includes(b)) || (b.state === "failed" && b.createdAt.getTime() < oldestKept))
    .map((b) => b.id);
}
