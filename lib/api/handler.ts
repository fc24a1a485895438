// The one wrapper every API route handler uses: authenticate, run one domain call, map errors.
import { ZodError } from "zod";
import { authenticateToken, type Actor } from "../auth/users.ts";
import { BerthError, type BerthErrorCode } from "../errors.ts";

const STATUS: Record<BerthErrorCode, number> = {
  invalid: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

type RouteParams = Record<string, string | string[]>;
interface Ctx<P> {
  req: Request;
  params: P;
  actor: Actor;
}

export function apiRoute<P extends RouteParams = Record<string, never>>(
  handler: (ctx: Ctx<P>) => Promise<unknown>,
  opts: { status?: number } = {},
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const actor = await authenticateToken(bearerToken(req));
      const result = await handler({ req, params: await context.params, actor });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: opts.status ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** For the few routes that need no token (health, token exchange). */
export function publicRoute(handler: (req: Request) => Promise<unknown>, opts: { status?: number } = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      return Response.json(await handler(req), { status: opts.status ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : null;
}

export function errorResponse(err: unknown): Response {
  if (err instanceof BerthError) {
    const headers = err.code === "unauthorized" ? { "www-authenticate": 'Bearer realm="berth"' } : undefined;
    return Response.json({ error: err.code, message: err.message }, { status: STATUS[err.code], headers });
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue && issue.path.length ? `${issue.path.join(".")}: ` : "";
    return Response.json({ error: "invalid", message: `${where}${issue?.message ?? "invalid input"}` }, { status: 422 });
  }
  console.error("unexpected error in an API route", err);
  return Response.json({ error: "internal", message: "something went wrong on Berth's side; see the server log" }, { status: 500 });
}

/** Reads a JSON body, turning malformed JSON into a clear 422. */
export async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new BerthError("invalid", "the request body must be JSON");
  }
}
