import { apiRoute } from "@/lib/api/handler.ts";
import { deleteBackup, showBackup } from "@/lib/addons/backups/backups.ts";

type Params = { name: string; id: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => showBackup(actor, params.name, params.id));
export const DELETE = apiRoute<Params>(async ({ actor, params }) => {
  await deleteBackup(actor, params.name, params.id);
});
