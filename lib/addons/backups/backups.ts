// Listing, showing, downloading and deleting an add-on's backups.
import fs from "node:fs";
import { Readable } from "node:stream";
import type { Actor } from "../../auth/users.ts";
import { db } from "../../db.ts";
import { conflict, notFound } from "../../errors.ts";
import type { Backup } from "../../generated/prisma/client.ts";
import { findAddon } from "../addons.ts";
import { findService } from "../registry.ts";
import { absoluteBackupPath, downloadName } from "./backup-files.ts";

export function backupView(backup: Backup) {
  return {
    id: backup.id,
    kind: backup.kind,
    state: backup.state,
    size: backup.size,
    error: backup.error,
    createdAt: backup.createdAt,
    finishedAt: backup.finishedAt,
  };
}

export async function listBackups(actor: Actor, addonName: string) {
  const addon = await findAddon(actor, addonName);
  const backups = await db.backup.findMany({ where: { addonId: addon.id }, orderBy: { createdAt: "desc" } });
  return backups.map(backupView);
}

export async function findBackup(actor: Actor, addonName: string, backupId: string) {
  const addon = await findAddon(actor, addonName);
  const backup = await db.backup.findFirst({ where: { id: backupId, addonId: addon.id } });
  if (!backup) throw notFound(`${addon.name} has no backup ${backupId.slice(0, 40)}`);
  return { addon, backup };
}

export async function showBackup(actor: Actor, addonName: string, backupId: string) {
  return backupView((await findBackup(actor, addonName, backupId)).backup);
}

/** The dump as a stream, with the name and type it downloads as. */
export async function openBackupDownload(actor: Actor, addonName: string, backupId: string) {
  const { addon, backup } = await findBackup(actor, addonName, backupId);
  if (backup.state !== "succeeded" || !backup.path) throw conflict(`backup ${backup.id} is ${backup.state}; only a finished backup can be downloaded`);
  const file = absoluteBackupPath(backup.path);
  const size = fs.statSync(file).size;
  const { backup: format } = findService(addon.service);
  return {
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>,
    size,
    contentType: format.contentType,
    filename: downloadName(addon.name, backup.createdAt, format.extension),
  };
}

export async function deleteBackup(actor: Actor, addonName: string, backupId: string): Promise<void> {
  const { backup } = await findBackup(actor, addonName, backupId);
  if (backup.state === "running") throw conflict(`backup ${backup.id} is still running`);
  await removeBackups([backup]);
}

/** Removes backups' files, then their rows. */
export async function removeBackups(backups: Array<Pick<Backup, "id" | "path">>): Promise<void> {
  for (const b of backups) if (b.path) fs.rmSync(absoluteBackupPath(b.path), { force: true });
  await db.backup.deleteMany({ where: { id: { in: backups.map((b) => b.id) } } });
}
