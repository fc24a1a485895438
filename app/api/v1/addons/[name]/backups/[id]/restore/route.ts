import { apiRoute } from "@/lib/api/handler.ts";
import { optionalJsonBody } from "@/lib/addons/request-body.ts";
import { requestRestore } from "@/lib/addons/backups/restore-backup.ts";

// {"confirm": "<name>"}; returns at once with the add-on in state "restoring".
export const POST = apiRoute<{ name: string; id: string }>(
  async ({ req, actor, params }) => requestRestore(actor, params.name, params.id, await optionalJsonBody(req)),
  { status: 202 },
);
