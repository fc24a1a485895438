import { apiRoute } from "@/lib/api/handler.ts";
import { showApp } from "@/lib/apps/app-view.ts";
import { deleteApp } from "@/lib/apps/delete-app.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => showApp(actor, params.app));
export const DELETE = apiRoute<{ app: string }>(async ({ actor, params }) => {
  await deleteApp(actor, params.app);
});
