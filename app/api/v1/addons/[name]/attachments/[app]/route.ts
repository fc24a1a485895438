import { apiRoute } from "@/lib/api/handler.ts";
import { detachAddon } from "@/lib/addons/attachments.ts";

export const DELETE = apiRoute<{ name: string; app: string }>(async ({ actor, params }) => detachAddon(actor, params.name, params.app));
