// PATCH (admins): `{"drain": true|false, "labels": {key: value | null}}`. DELETE (admins): takes the
// host out of the swarm (refused while it runs Berth's containers and is not drained).
import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { removeHost } from "@/lib/hosts/remove-host.ts";
import { updateHost } from "@/lib/hosts/update-host.ts";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute<{ name: string }>(async ({ req, actor, params }) => updateHost(actor, params.name, await jsonBody(req)));
export const DELETE = apiRoute<{ name: string }>(async ({ actor, params }) => removeHost(actor, params.name));
