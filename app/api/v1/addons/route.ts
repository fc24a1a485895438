import { apiRoute } from "@/lib/api/handler.ts";
import { listAllAddons } from "@/lib/addons/list-addons.ts";

export const GET = apiRoute(async ({ actor }) => listAllAddons(actor));
