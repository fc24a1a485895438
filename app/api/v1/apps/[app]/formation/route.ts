import { apiRoute } from "@/lib/api/handler.ts";
import { getFormation } from "@/lib/formation/formation.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => getFormation(actor, params.app));
