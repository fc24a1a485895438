import { apiRoute } from "@/lib/api/handler.ts";
import { removeDrain } from "@/lib/logs/drains/drains.ts";

export const DELETE = apiRoute<{ app: string; id: string }>(async ({ actor, params }) => removeDrain(actor, params.app, params.id));
