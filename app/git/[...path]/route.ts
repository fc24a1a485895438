import { errorResponse } from "@/lib/api/handler.ts";
import { authenticateToken } from "@/lib/auth/users.ts";
import { serveGit } from "@/lib/git/http-backend.ts";

export const dynamic = "force-dynamic";

/** Git sends the API token as the HTTP Basic password (any user name), as with Heroku. */
function basicPassword(req: Request): string | null {
  const match = /^Basic\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  return decoded.slice(decoded.indexOf(":") + 1) || null;
}

async function handle(req: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const token = basicPassword(req);
  try {
    const actor = await authenticateToken(token);
    const url = new URL(req.url);
    return await serveGit({ method: req.method, pathInfo: `/${(await params).path.join("/")}`, query: url.search.slice(1), headers: req.headers, body: req.body, actor, token: token! });
  } catch (err) {
    const res = errorResponse(err);
    if (res.status !== 401) return res;
    // git asks for credentials only after a Basic challenge.
    return new Response("Authentication required: use your Berth API token as the password\n", {
      status: 401,
      headers: { "www-authenticate": 'Basic realm="Berth"', "content-type": "text/plain" },
    });
  }
}

export { handle as GET, handle as POST };
