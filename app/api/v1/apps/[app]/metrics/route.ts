import { apiRoute } from "@/lib/api/handler.ts";
import { getMetrics } from "@/lib/metrics/get-metrics.ts";

export const dynamic = "force-dynamic";

/** `?since=1h` (or 15m, 24h, an ISO time) `&resolution=10s|1m` */
export const GET = apiRoute<{ app: string }>(async ({ req, actor, params }) => getMetrics(actor, params.app, Object.fromEntries(new URL(req.url).searchParams)));
