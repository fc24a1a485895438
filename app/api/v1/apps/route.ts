import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { createApp } from "@/lib/apps/apps.ts";
import { showApp, showApps } from "@/lib/apps/app-view.ts";
import { createAppInput } from "@/lib/apps/schemas.ts";

export const GET = apiRoute(async ({ actor }) => showApps(actor));

export const POST = apiRoute(
  async ({ req, actor }) => {
    const { name } = createAppInput.parse(await jsonBody(req));
    await createApp(actor, name);
    return showApp(actor, name);
  },
  { status: 201 },
);
