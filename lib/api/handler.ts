// The one wrapper every API route handler uses: authenticate, run one domain call, map errors.
import { ZodError } from "zod";
import { authenticateSessionRequest, readCookie, SESSION_COOKIE } from "../auth/sessions.ts";
import { authenticateToken, type Actor } from "../auth/users.ts";
import { BerthError, type BerthErrorCode } from "../errors.ts";
import { readJsonBody } from "./read-body.ts";
import { zodMessage } from "./zod-message.ts";

const STATUS: Record<BerthErrorCode, number> = {
  invalid: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
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
      const actor = await authenticateRequest(req);
      const result = await handler({ req, params: await context.params, actor });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { status: opts.status ?? 200 });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/**
 * Who is calling: an API token (CLI, git, scripts) when there is an Authorization header, else the
 * dashboard's session cookie, whose changes must carry the CSRF token (see lib/auth/sessions.ts).
 */
export async function authenticateRequest(req: Request): Promise<Actor> {
  const token = bearerToken(req);
  if (token) return authenticateToken(token);
  const session = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
  if (session) return authenticateSessionRequest(req, session);
  return authenticateToken(null);
}

/** For the few routes that need no token (health, token exchange, logging in). */
export function publicRoute(handler: (req: Request) => Promise<unknown>, opts: { status?: number } = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      const result = await handler(req);
      // A handler that must set headers (a session cookie) answers with its own Response.
      if (result instanceof Response) return result;
      return Response.json(result, { status: opts.status ?? 200 });
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
    const headers: Record<string, string> = {};
    if (err.code === "unauthorized") headers["www-authenticate"] = 'Bearer realm="berth"';
    if (err.retryAfterSeconds) headers["retry-after"] = String(err.retryAfterSeconds);
    return Response.json({ error: err.code, message: err.message }, { status: STATUS[err.code], headers });
  }
  if (err instanceof ZodError) {
    // In plain words (lib/api/zod-message.ts); `field` lets a form mark the input at fault.
    const { field, message } = zodMessage(err);
    return Response.json({ error: "invalid", message, ...(field === null ? {} : { field }) }, { status: 422 });
  }
  console.error("unexpected error in an API route", err);
  return Response.json({ error: "internal", message: "something went wrong on Berth's side; see the server log" }, { status: 500 });
}

/** Reads a JSON body of at most settings.maxJsonBodyBytes (413 past it), malformed JSON a clear 422. */
export const jsonBody = (req: Request): Promise<unknown> => readJsonBody(req);
