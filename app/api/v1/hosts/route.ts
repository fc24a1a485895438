// GET (admins): every host with its state, capacity and what Berth's containers reserve there.
import { apiRoute } from "@/lib/api/handler.ts";
import { listHosts } from "@/lib/hosts/list-hosts.ts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => listHosts(actor));
