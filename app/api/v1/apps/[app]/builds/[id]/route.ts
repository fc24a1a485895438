import { apiRoute } from "@/lib/api/handler.ts";
import { getBuild } from "@/lib/builds/builds.ts";

export const GET = apiRoute<{ app: string; id: string }>(async ({ actor, params }) => getBuild(actor, params.app, params.id));
