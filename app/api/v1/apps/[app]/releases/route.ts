import { apiRoute } from "@/lib/api/handler.ts";
import { listReleases } from "@/lib/releases/list-releases.ts";

export const GET = apiRoute<{ app: string }>(async ({ actor, params }) => listReleases(actor, params.app));
