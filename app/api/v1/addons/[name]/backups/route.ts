import { apiRoute } from "@/lib/api/handler.ts";
import { listBackups } from "@/lib/addons/backups/backups.ts";
import { createBackup } from "@/lib/addons/backups/create-backup.ts";

type Params = { name: string };

export const GET = apiRoute<Params>(async ({ actor, params }) => listBackups(actor, params.name));
// Returns at once, state "running"; GET …/backups/{id} shows how it ended.
export const POST = apiRoute<Params>(async ({ actor, params }) => createBackup(actor, params.name), { status: 202 });
