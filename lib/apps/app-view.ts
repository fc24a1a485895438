import type { Actor } from "../auth/users.ts";
import { appUrl, findApp, listApps } from "./apps.ts";
import { currentRelease } from "../releases/create-release.ts";

type AppRow = Awaited<ReturnType<typeof findApp>>;

async function appView(app: AppRow) {
  const release = await currentRelease(app.id);
  return {
    name: app.name,
    url: appUrl(app.name),
    createdAt: app.createdAt,
    release: release ? { version: release.version, createdAt: release.createdAt } : null,
    deploying: app.deployLock !== null,
    maintenance: app.maintenance,
    healthcheck: { path: app.healthcheckPath, timeout: app.healthcheckTimeout },
  };
}

export async function showApp(actor: Actor, name: string) {
  return appView(await findApp(actor, name));
}

export async function showApps(actor: Actor) {
  return Promise.all((await listApps(actor)).map(appView));
}

