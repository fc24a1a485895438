import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { deleteApp } from "@/lib/apps/delete-app.ts";
import { updateApp } from "@/lib/apps/update-app.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => showApp(actor, params.app));
// `{"maintenance": bool, "healthcheck": {"path": "/up" or null, "timeout"}}`, every field optional.
export const PATCH = apiRoute<{ app: string }>(async ({ req, actor, params }) => updateApp(actor, params.app, await jsonBody(req)));
export const DELETE = apiRoute<{ app: string }>(async ({ actor, params }) => {
  await deleteApp(actor, params.app);
});
