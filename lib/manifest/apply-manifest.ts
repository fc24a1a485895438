// What a build does with the source's app.json. Every build reads it (its health checks and
// buildpacks are the build's, like a CHECKS or .buildpacks file); the app's first deploy — no
// release of it ever went live, and no earlier build applied an app.json — also sets it up, in
// this order, after the image is built and before its release is made:
//   1. required config vars present (checked before building too, so a missing one fails fast)
//   2. env defaults and generated secrets added to the config, never over a value the app has
//   3. add-ons created (their vars are set at once; the release then waits until they are ready)
//   4. the formation applied, within the container limits
// and records that it did, so no later push applies any of it again. scripts.postdeploy runs
// after the first release is live (run-postdeploy.ts).
import crypto from "node:crypto";
import { createAddon } from "../addons/create-addon.ts";
import type { Actor } from "../auth/users.ts";
import type { BuildLog } from "../builds/build-log.ts";
import type { ProcessTypes } from "../builds/procfile.ts";
import { configLimitProblem } from "../config/config-limits.ts";
import { openConfig, sealConfig } from "../config/config-vars.ts";
import type { ConfigValues } from "../config/schemas.ts";
import { db } from "../db.ts";
import { settings } from "../env.ts";
import { checkContainerQuota } from "../limits/container-quota.ts";
import { exemptFromUserLimits } from "../limits/quota.ts";
import { APP_JSON, AppJsonError, type AppManifest } from "./app-json.ts";

export interface ManifestSetup {
  app: { id: string; name: string; ownerId: string };
  /** Who pushed: add-ons are created as them, and the limits of the app's owner apply. */
  actor: Actor;
  manifest: AppManifest;
  processTypes: ProcessTypes;
  log: BuildLog;
}

/** Steps 2-4 above. Checked first, so a formation naming a type the build lacks changes nothing. */
export async function applyManifest(setup: ManifestSetup): Promise<void> {
  const { app, manifest, log } = setup;
  const types = Object.keys(setup.processTypes).filter((t) => t !== "release");
  const unknown = Object.keys(manifest.formation).filter((t) => !types.includes(t));
  if (unknown.length) {
    throw new AppJsonError(`${APP_JSON}: formation names ${unknown.join(", ")}, but this build has no such process type (it has ${types.join(", ") || "none"})`);
  }
  log.line(`-----> Setting up ${app.name} from ${APP_JSON} (its first deploy)`);
  await addEnvDefaults(setup);
  await createAddons(setup);
  await applyFormation(setup);
  await db.app.update({ where: { id: app.id }, data: { manifestAppliedAt: new Date() } });
}

async function addEnvDefaults({ app, manifest, log }: ManifestSetup): Promise<void> {
  const added = await db.$transaction(async (tx) => {
    const latest = await tx.config.findFirstOrThrow({ where: { appId: app.id }, orderBy: { createdAt: "desc" } });
    const current = openConfig(latest.values);
    const defaults: ConfigValues = {};
    const described: string[] = [];
    for (const [key, entry] of Object.entries(manifest.env)) {
      if (key in current) continue; // what the app has wins
      if (entry.value !== undefined) {
        defaults[key] = entry.value;
        described.push(key);
      } else if (entry.generator === "secret") {
        defaults[key] = crypto.randomBytes(32).toString("hex");
        described.push(`${key} (generated)`);
      }
    }
    if (described.length === 0) return described;
    const next = Object.fromEntries(Object.entries({ ...current, ...defaults }).sort(([a], [b]) => a.localeCompare(b)));
    const tooBig = configLimitProblem(current, next, { maxBytes: settings.maxConfigBytes, maxVars: settings.maxConfigVars });
    if (tooBig) throw new AppJsonError(`${APP_JSON} env: ${tooBig}`);
    await tx.config.create({ data: { appId: app.id, values: sealConfig(next) } });
    return described;
  });
  // Names only: values never reach a log.
  if (added.length) log.line(`       config: set ${added.join(", ")}`);
}

async function createAddons({ app, actor, manifest, log }: ManifestSetup): Promise<void> {
  for (const wanted of manifest.addons) {
    const as = wanted.as ?? (wanted.service === "redis" ? "REDIS" : "DATABASE");
    // Already there ("add a Redis, then push", or a retried build): the app keeps what it has.
    const attached = await db.addonAttachment.findFirst({ where: { appId: app.id, as }, include: { addon: true } });
    if (attached) {
      log.line(`       add-on ${wanted.written}: ${attached.addon.name} is already attached as ${as}`);
      continue;
    }
    const made = await createAddon(actor, app.name, { service: wanted.service, ...(wanted.plan ? { plan: wanted.plan } : {}), as }).catch((err: Error) => {
      throw new AppJsonError(`${APP_JSON} addons: ${wanted.written}: ${err.message}`);
    });
    log.line(`       add-on ${wanted.written}: created ${made.name} (${wanted.service}, plan ${made.plan}) as ${as}_URL`);
  }
}

async function applyFormation({ app, actor, manifest, log }: ManifestSetup): Promise<void> {
  const entries = Object.entries(manifest.formation);
  if (entries.length === 0) return;
  // Checked and written in one transaction, like a scale: the limits of the app's owner apply.
  const rows = await db.$transaction(async (tx) => {
    const out = [];
    for (const [type, f] of entries) {
      if (f.quantity !== undefined) {
        await checkContainerQuota(app, { type, quantity: f.quantity, exempt: exemptFromUserLimits(actor) }, tx).catch((err: Error) => {
          throw new AppJsonError(`${APP_JSON} formation.${type}: ${err.message}`);
        });
      }
      out.push(
        await tx.formation.upsert({
          where: { appId_type: { appId: app.id, type } },
          // A type the formation gives no quantity runs as on Heroku: one web, no other.
          create: { appId: app.id, type, quantity: f.quantity ?? (type === "web" ? 1 : 0), size: f.size ?? "standard" },
          update: { quantity: f.quantity, size: f.size },
        }),
      );
    }
    return out;
  });
  log.line(`       formation: ${rows.map((r) => `${r.type}=${r.quantity}:${r.size}`).join(" ")}`);
}

/** The pusher as an actor: add-ons are created in their name. */
export async function buildActor(username: string): Promise<Actor> {
  const user = await db.user.findUnique({ where: { username }, select: { id: true, username: true, isAdmin: true } });
  if (!user) throw new Error(`the user ${username} who pushed this build no longer exists`);
  return user;
}
