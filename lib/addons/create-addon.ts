// POST /apps/{app}/addons: everything that can be refused is refused here, before anything is
// made; then the add-on and its attachment are recorded (state provisioning), its config vars set,
// and the work queued.
import { ZodError } from "zod";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { changeConfigVarsSoon } from "../config/set-config-vars.ts";
import { db } from "../db.ts";
import { conflict, invalid } from "../errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { scheduler } from "../scheduler/index.ts";
import { enqueueAddonJob } from "../queue/queues.ts";
import { appAddonView } from "./addon-view.ts";
import { attachmentVars, withAttachments } from "./addons.ts";
import { assertCanAttach, releaseFailedAttachment } from "./attachments.ts";
import { sealCredentials } from "./credentials.ts";
import { generateAddonName } from "./names.ts";
import { findPlan, findService } from "./registry.ts";
import { createAddonInput } from "./schemas.ts";
import type { AddonService } from "./services/types.ts";

export async function createAddon(actor: Actor, appName: string, body: unknown) {
  const app = await findApp(actor, appName);
  const input = createAddonInput.parse(body);
  const service = findService(input.service);
  const plan = findPlan(service, input.plan);
  const options = parseOptions(service, input.options ?? {});
  const name = input.name ?? (await unusedName(service.name));
  if (await db.addon.findUnique({ where: { name } })) throw conflict(`the add-on name ${name} is taken`);
  const credentials = service.newCredentials(name);
  const as = input.as ?? service.defaultAs;
  await assertCanAttach(app, as, Object.keys(attachmentVars(service, { name, plan, options, credentials }, as)));

  // Pinned there with their volumes; apps on any host reach them on their network by alias.
  const roles = service.containers({ name, plan, options, credentials }).map((r) => r.role);
  const hosts = await scheduler().placeAddon(plan.memoryMb * 1024 * 1024, roles.length);
  await releaseFailedAttachment(app, as);
  let addon;
  try {
    addon = await db.addon.create({
      data: {
        name,
        service: service.name,
        plan: plan.name,
        options: JSON.stringify(options),
        credentials: sealCredentials(credentials),
        // The app's owner's, whoever asked (a collaborator, an admin): it must not stay with a
        // collaborator who is later removed from the app.
        ownerId: app.ownerId,
        hostId: hosts[0]!.id,
        placement: JSON.stringify(Object.fromEntries(roles.slice(1).map((role, i) => [role, hosts[i + 1]!.id]))),
        attachments: { create: [{ appId: app.id, as }] },
      },
      include: withAttachments,
    });
  } catch (err) {
    // A concurrent request took the name or the attachment between the checks and here.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw conflict(`the name ${name} is taken, or ${app.name} already has an add-on attached as ${as}`);
    throw err;
  }
  try {
    // The vars exist from now on: its credentials are Berth's own, and a push right after this
    // must release with them (its release then waits for the add-on to be ready).
    await changeConfigVarsSoon(app, attachmentVars(service, { name, plan, options, credentials }, as), {
      actor: actor.username,
      summary: `${actor.username} attached ${name} as ${as}`,
    });
    await enqueueAddonJob({ name: "provision", addonId: addon.id }, `provision-${addon.id}`);
  } catch (err) {
    await db.addon.delete({ where: { id: addon.id } });
    throw err;
  }
  return appAddonView(addon, app.name);
}

function parseOptions(service: AddonService, options: Record<string, unknown>): Record<string, unknown> {
  try {
    return service.options.parse(options);
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    const issue = err.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(service.optionsHelp);
      throw invalid(`${service.name} has no option ${issue.keys.join(", ")}${known.length ? `; its options are ${known.join(", ")}` : "; it takes none"}`);
    }
    throw invalid(`options.${issue.path.join(".")}: ${issue.message}`);
  }
}

async function unusedName(service: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const name = generateAddonName(service);
    if (!(await db.addon.findUnique({ where: { name } }))) return name;
  }
  throw new Error("no free add-on name after 20 tries");
}
