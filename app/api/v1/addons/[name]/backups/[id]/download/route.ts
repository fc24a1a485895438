import { apiRoute } from "@/lib/api/handler.ts";
import { openBackupDownload } from "@/lib/addons/backups/backups.ts";

export const GET = apiRoute<{ name: string; id: string }>(async ({ actor, params }) => {
  const file = await openBackupDownload(actor, params.name, params.id);
  return new Response(file.body, {
    headers: { "content-type": file.contentType, "content-length": String(file.size), "content-disposition": `attachment; filename="${file.filename}"` },
  });
});
