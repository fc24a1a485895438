// How client components call Berth's API: the session cookie goes along by itself, the CSRF token
// (rendered into the page by the dashboard layout) goes in a header, every call has a time limit,
// and an error always comes back as a sentence a person can act on.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** The input at fault, when the API names one (422s from lib/api/zod-message.ts). */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const csrfToken = () => document.querySelector<HTMLMetaElement>('meta[name="berth-csrf"]')?.content ?? "";

export interface ApiInit {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** 0 for streams that end when the work does. */
  timeoutMs?: number;
}

export async function apiFetch(path: string, init: ApiInit = {}): Promise<Response> {
  const timeoutMs = init.timeoutMs ?? 30_000;
  const signals = [init.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => !!s);
  const headers: Record<string, string> = { "x-csrf-token": csrfToken(), ...init.headers };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      signal: signals.length ? AbortSignal.any(signals) : undefined,
      credentials: "same-origin",
    });
  } catch (err) {
    const e = err as Error;
    if (e.name === "TimeoutError") throw new ApiError(`Berth did not answer within ${Math.round(timeoutMs / 1000)} s; try again`, 0, "timeout");
    if (e.name === "AbortError") throw new ApiError("stopped", 0, "aborted");
    throw new ApiError("cannot reach Berth: check your connection and try again", 0, "network");
  }
  if (!res.ok) throw await errorFrom(res, path);
  return res;
}

export async function apiJson<T = unknown>(method: string, path: string, json?: unknown, opts: { timeoutMs?: number } = {}): Promise<T> {
  const res = await apiFetch(path, { method, json, timeoutMs: opts.timeoutMs });
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

async function errorFrom(res: Response, path: string): Promise<ApiError> {
  let code = "error";
  let field: string | null = null;
  let message = `Berth answered ${res.status} ${res.statusText}`.trim();
  try {
    const body = (await res.json()) as { error?: string; message?: string; field?: string };
    if (body.message) message = body.message;
    if (typeof body.field === "string") field = body.field;
    if (body.error) code = body.error;
  } catch {
    // not JSON: keep the status line
  }
  // A 401 anywhere but the login itself means the session ended under the page.
  if (res.status === 401 && path !== "/api/v1/auth/session") message = `${message}. Log in again to continue.`;
  return new ApiError(message, res.status, code, field);
}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
