// How an add-on looks in the API. Credentials only on request (?credentials=true).
import type { Addon, AddonAttachment } from "../generated/prisma/client.ts";
import { attachmentVars, describeAddon } from "./addons.ts";

type AddonWithAttachments = Addon & { attachments: Array<AddonAttachment & { app: { name: string } }>; owner: { username: string } };

export function addonView(addon: AddonWithAttachments, opts: { credentials?: boolean } = {}) {
  const { service, spec } = describeAddon(addon);
  const vars = service.configVars(spec);
  return {
    name: addon.name,
    service: addon.service,
    plan: addon.plan,
    state: addon.state,
    error: addon.error,
    owner: addon.owner.username,
    options: spec.options,
    attachments: addon.attachments.map((a) => ({ app: a.app.name, as: a.as, configVars: Object.keys(attachmentVars(service, spec, a.as)) })),
    backups: { schedule: addon.backupSchedule, keep: addon.backupKeep, lastBackupAt: addon.lastBackupAt },
    createdAt: addon.createdAt,
    ...(opts.credentials
      ? { credentials: { host: addon.name, port: service.port, user: spec.credentials.user, password: spec.credentials.password, database: spec.credentials.database, url: vars.URL, configVars: vars } }
      : {}),
  };
}

/** An add-on as one of its apps sees it: which var it sets there. */
export function appAddonView(addon: AddonWithAttachments, appName: string, opts: { credentials?: boolean } = {}) {
  const as = addon.attachments.find((a) => a.app.name === appName)?.as ?? "";
  return { ...addonView(addon, opts), as, configVar: `${as}_URL` };
}
