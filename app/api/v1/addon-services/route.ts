import { apiRoute } from "@/lib/api/handler.ts";
import { listServices } from "@/lib/addons/registry.ts";

export const GET = apiRoute(async () => listServices());
