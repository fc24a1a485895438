import { publicRoute } from "@/lib/api/handler.ts";

export const dynamic = "force-dynamic";
export const GET = publicRoute(async () => ({ ok: true }));
