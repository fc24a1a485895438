import { apiRoute } from "@/lib/api/handler.ts";
import { notFound } from "@/lib/errors.ts";

const missing = apiRoute<{ rest: string[] }>(async ({ params }) => {
  throw notFound(`no API route /api/v1/${params.rest.join("/").slice(0, 100)}`);
});
export { missing as GET, missing as POST, missing as PUT, missing as PATCH, missing as DELETE };
