// POST (admins): `{command, note}`, the `docker swarm join …` a new machine runs. The answer holds
// the swarm's join token: no cache keeps it.
import { apiRoute } from "@/lib/api/handler.ts";
import { hostJoinCommand } from "@/lib/hosts/join-command.ts";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async ({ actor }) => Response.json(await hostJoinCommand(actor), { headers: { "cache-control": "no-store" } }));
