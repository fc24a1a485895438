// One error family for the whole domain. Codes map to HTTP statuses in one place (lib/api).
export type BerthErrorCode =
  | "invalid"        // input failed validation
  | "unauthorized"   // no or wrong credentials
  | "forbidden"
  | "not_found"
  | "conflict"       // name taken, deploy in progress
  | "too_large"      // a body or an upload past a size or count limit (413)
  | "rate_limited"   // too many attempts (failed logins)
  | "unavailable"    // a dependency (docker, redis, haproxy) did not answer
  | "internal";

export class BerthError extends Error {
  readonly code: BerthErrorCode;
  /** For rate_limited: when to try again (the Retry-After header). */
  readonly retryAfterSeconds?: number;
  constructor(code: BerthErrorCode, message: string, opts: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.name = "BerthError";
  }
}

export const invalid = (message: string) => new BerthError("invalid", message);
export const notFound = (message: string) => new BerthError("not_found", message);
export const conflict = (message: string) => new BerthError("conflict", message);
export const forbidden = (message: string) => new BerthError("forbidden", message);
export const tooLarge = (message: string) => new BerthError("too_large", message);
