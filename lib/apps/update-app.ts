// Changes an app's settings: maintenance mode (answered by the router at once) and the health
// check that new web containers must pass (used from the next deploy on): a path that must answer
// 2xx/3xx, or null for the default (any HTTP answer below 500 on PORT, or the source's CHECKS).
import { db } from "../db.ts";
import type { Actor } from "../auth/users.ts";
import { syncRouterAfterChange } from "../router/sync-router.ts";
import { findApp } from "./apps.ts";
import { showApp } from "./app-view.ts";
import { updateAppInput } from "./schemas.ts";

export async function updateApp(actor: Actor, name: string, body: unknown) {
  const app = await findApp(actor, name);
  const input = updateAppInput.parse(body);
  await db.app.update({
    where: { id: app.id },
    data: { maintenance: input.maintenance, healthcheckPath: input.healthcheck?.path, healthcheckTimeout: input.healthcheck?.timeout },
  });
  // Also when unchanged: a router that missed an earlier change catches up (an unchanged config is not reloaded).
  if (input.maintenance !== undefined) await syncRouterAfterChange();
  return showApp(actor, name);
}
