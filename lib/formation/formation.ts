// The formation: how many containers of each process type run, and how big. Changing it is
// desired state; the converge job (and the reconciler) make the containers follow.
import { z } from "zod";
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import type { ProcessTypes } from "../builds/procfile.ts";
import { SIZES } from "../deploy/sizes.ts";
import { invalid } from "../errors.ts";
import { recordEvent } from "../logs/record-event.ts";
import { checkContainerQuota } from "../limits/container-quota.ts";
import { exemptFromUserLimits } from "../limits/quota.ts";
import { enqueueConverge } from "../queue/queues.ts";
import { currentRelease } from "../releases/create-release.ts";
import { scheduler } from "../scheduler/index.ts";
import { noteScaled } from "./autoscaler.ts";
import { autoscalePatch, autoscaleProblem, MAX_QUANTITY, readAutoscale, shownAutoscale, storedAutoscale, type AutoscaleSettings } from "./autoscale-settings.ts";

export { MAX_QUANTITY };

export const formationPatch = z
  .object({
    quantity: z.number().int().min(0, "quantity must be 0 or more").max(MAX_QUANTITY, `quantity must be at most ${MAX_QUANTITY}`).optional(),
    size: z.string().refine((s) => s in SIZES, { message: `size must be one of ${Object.keys(SIZES).join(", ")}` }).optional(),
    autoscale: autoscalePatch.optional(),
  })
  .strict()
  .refine((p) => p.quantity !== undefined || p.size !== undefined || p.autoscale !== undefined, { message: "give a quantity, a size, autoscale settings, or several of them" });

export interface FormationEntry {
  type: string;
  quantity: number;
  size: string;
  command: string;
  /** `{"min", "max", "target": {"p95Ms" | "requestsPerSecond" | "cpuPercent": N}}`, or null: scaled by hand. */
  autoscale: ReturnType<typeof shownAutoscale>;
}

/** The current release's process types (without the release phase) with their quantity and size. */
async function processTypesOf(appId: string): Promise<ProcessTypes> {
  const current = await currentRelease(appId);
  const build = current?.buildId ? await db.build.findUnique({ where: { id: current.buildId } }) : null;
  const types = JSON.parse(build?.processTypes ?? "{}") as ProcessTypes;
  delete types.release;
  return types;
}

export async function getFormation(actor: Actor, appName: string): Promise<FormationEntry[]> {
  const app = await findApp(actor, appName);
  const [types, rows] = await Promise.all([processTypesOf(app.id), db.formation.findMany({ where: { appId: app.id } })]);
  const names = [...new Set([...Object.keys(types), ...rows.map((r) => r.type)])].sort();
  return names.map((type) => {
    const row = rows.find((r) => r.type === type);
    return { type, quantity: row?.quantity ?? 0, size: row?.size ?? "standard", command: types[type] ?? "", autoscale: shownAutoscale(row?.autoscale ?? null) };
  });
}

export async function updateFormation(actor: Actor, appName: string, type: string, body: unknown): Promise<FormationEntry> {
  const app = await findApp(actor, appName);
  const patch = formationPatch.parse(body);
  const types = await processTypesOf(app.id);
  if (!(type in types)) {
    const known = Object.keys(types).sort();
    if (known.length === 0) throw invalid(`${app.name} has no process types yet: deploy it first`);
    throw invalid(`${app.name} has no process type ${JSON.stringify(type)} (it has ${known.join(", ")})`);
  }
  const formation = (await db.formation.findMany({ where: { appId: app.id } })).filter((f) => f.type in types && f.type !== "release");
  const current = formation.find((f) => f.type === type);
  assertAutoscaleFits(type, patch.autoscale === undefined ? readAutoscale(current?.autoscale ?? null) : patch.autoscale, patch.quantity);
  // Refused before anything is written when the hosts have no room for the whole formation.
  const wanted = [...formation.filter((f) => f.type !== type), { type, quantity: patch.quantity ?? current?.quantity ?? 0, size: patch.size ?? current?.size ?? "standard" }];
  await scheduler().assertFits(app.id, wanted.flatMap((f) => Array.from({ length: f.quantity }, (_, i) => ({ type: f.type, size: f.size, label: `${f.type}.${i + 1}` }))));
  // Checked and written in one (write-locked) transaction, so two scales at once cannot both pass.
  const row = await db.$transaction(async (tx) => {
    if (patch.quantity !== undefined) await checkContainerQuota(app, { type, quantity: patch.quantity, exempt: exemptFromUserLimits(actor) }, tx);
    return tx.formation.upsert({
      where: { appId_type: { appId: app.id, type } },
      create: { appId: app.id, type, quantity: patch.quantity ?? 0, size: patch.size ?? "standard", autoscale: storedAutoscale(patch.autoscale ?? null) },
      update: { quantity: patch.quantity, size: patch.size, autoscale: patch.autoscale === undefined ? undefined : storedAutoscale(patch.autoscale) },
    });
  });
  if (patch.quantity !== undefined || patch.size !== undefined) {
    // A hand scale restarts the autoscaler's cool-down: it does not undo what was just asked.
    if (patch.quantity !== undefined) await noteScaled(app.id, type);
    await enqueueConverge({ appId: app.id, reason: `${actor.username} scaled ${type} to ${row.quantity}:${row.size}` });
  }
  if (patch.autoscale !== undefined) await recordEvent(app.id, autoscaleSummary(actor.username, type, patch.autoscale));
  return { type, quantity: row.quantity, size: row.size, command: types[type]!, autoscale: shownAutoscale(row.autoscale) };
}

/** A target the type cannot be measured by, or a hand-set quantity outside the range, is refused before anything is written. */
function assertAutoscaleFits(type: string, settings: AutoscaleSettings | null, quantity: number | undefined): void {
  if (settings === null) return;
  const problem = autoscaleProblem(type, settings);
  if (problem) throw invalid(problem);
  if (quantity !== undefined && (quantity < settings.min || quantity > settings.max)) {
    throw invalid(`quantity must be from ${settings.min} to ${settings.max} while ${type} autoscales (or turn autoscale off with {"autoscale": null})`);
  }
}

function autoscaleSummary(username: string, type: string, settings: AutoscaleSettings | null): string {
  if (settings === null) return `${username} turned autoscale off for ${type}`;
  return `${username} set ${type} to autoscale from ${settings.min} to ${settings.max}, ${settings.target.kind} ${settings.target.value}`;
}
