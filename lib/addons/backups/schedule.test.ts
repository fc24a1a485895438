import assert from "node:assert/strict";
import { test } from "node:test";
import { backupDue, backupsToPrune, type BackupRecord } from "./schedule.ts";

const HOUR = 60 * 60_000;
const t = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR);

test("a daily schedule is due a day after the last backup began, or after creation", () => {
  assert.equal(backupDue({ backupSchedule: "daily", lastBackupAt: null, createdAt: t(0) }, t(23)), false);
  assert.equal(backupDue({ backupSchedule: "daily", lastBackupAt: null, createdAt: t(0) }, t(24)), true);
  assert.equal(backupDue({ backupSchedule: "daily", lastBackupAt: t(20), createdAt: t(0) }, t(30)), false);
  assert.equal(backupDue({ backupSchedule: "hourly", lastBackupAt: t(20), createdAt: t(0) }, t(21)), true);
  assert.equal(backupDue({ backupSchedule: "off", lastBackupAt: null, createdAt: t(0) }, t(1000)), false);
});

test("pruning keeps the newest N good scheduled backups and every manual one", () => {
  const b = (id: string, kind: string, state: string, hours: number): BackupRecord => ({ id, kind, state, createdAt: t(hours) });
  const backups = [
    b("s1", "scheduled", "succeeded", 1),
    b("f2", "scheduled", "failed", 2),
    b("s3", "scheduled", "succeeded", 3),
    b("m4", "manual", "succeeded", 4),
    b("s5", "scheduled", "succeeded", 5),
    b("f6", "scheduled", "failed", 6),
    b("r7", "scheduled", "running", 7),
  ];
  assert.deepEqual(backupsToPrune(backups, 2).sort(), ["f2", "s1"]);
  assert.deepEqual(backupsToPrune(backups, 1).sort(), ["f2", "s1", "s3"]);
  assert.deepEqual(backupsToPrune(backups, 10), []);
  assert.deepEqual(backupsToPrune([b("f1", "scheduled", "failed", 1)], 3), []);
});
