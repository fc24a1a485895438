import { apiRoute } from "@/lib/api/handler.ts";
import { restartProcesses } from "@/lib/processes/processes.ts";

export const DELETE = apiRoute<{ app: string; name: string }>(async ({ actor, params }) => restartProcesses(actor, params.app, params.name), { status: 202 });
