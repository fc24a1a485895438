// DELETE (admins): `{"confirm": "<username>", "transferAppsTo"?: "<username>"}` deletes the user;
// their apps go to transferAppsTo, or are deleted without it (lib/auth/delete-user.ts).
import { apiRoute, jsonBody } from "@/lib/api/handler.ts";
import { deleteUser } from "@/lib/auth/delete-user.ts";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute<{ username: string }>(async ({ req, actor, params }) => deleteUser(actor, params.username, await jsonBody(req)));
