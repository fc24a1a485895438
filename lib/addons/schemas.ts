import { z } from "zod";
import { appName } from "../apps/schemas.ts";

/** Same rule as app names: it becomes a host name and part of Docker object names. */
export const addonName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,29}$/, "add-on names are 2-30 characters: a lowercase letter, then lowercase letters, digits or dashes");

/** The attachment name: REDIS sets REDIS_URL. */
export const attachmentAs = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,39}$/, "as is the config var prefix (CACHE sets CACHE_URL): capital letters, digits and _, starting with a letter, at most 40");

/** POST /apps/{app}/addons. The service, plan and options are checked against the registry. */
export const createAddonInput = z
  .object({
    service: z.string().min(1, "give the service: redis, mysql or postgres"),
    plan: z.string().min(1).optional(),
    as: attachmentAs.optional(),
    name: addonName.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** POST /addons/{name}/attachments */
export const attachInput = z.object({ app: appName, as: attachmentAs.optional() }).strict();

/** DELETE /addons/{name} and POST …/backups/{id}/restore: the add-on's name, typed again. */
export const confirmInput = z.object({ confirm: z.string().optional() }).strict();

/** PATCH /addons/{name}: the backup schedule. */
export const updateAddonInput = z
  .object({
    backupSchedule: z.enum(["off", "hourly", "daily"], { message: "backupSchedule is off, hourly or daily" }).optional(),
    backupKeep: z.number().int("backupKeep is a whole number").min(1, "backupKeep is 1 to 100").max(100, "backupKeep is 1 to 100").optional(),
  })
  .strict()
  .refine((v) => v.backupSchedule !== undefined || v.backupKeep !== undefined, { message: "give backupSchedule, backupKeep or both" });
