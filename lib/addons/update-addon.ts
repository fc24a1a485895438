// PATCH /addons/{name}: the backup schedule (off, hourly, daily) and how many scheduled backups to keep.
import type { Actor } from "../auth/users.ts";
import { db } from "../db.ts";
import { addonView } from "./addon-view.ts";
import { findAddon, withAttachments } from "./addons.ts";
import { updateAddonInput } from "./schemas.ts";

export async function updateAddon(actor: Actor, name: string, body: unknown) {
  const addon = await findAddon(actor, name);
  const input = updateAddonInput.parse(body);
  const updated = await db.addon.update({ where: { id: addon.id }, data: input, include: withAttachments });
  return addonView(updated);
}
