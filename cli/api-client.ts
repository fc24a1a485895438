// The REST API as the CLI sees it: JSON in and out, Berth's errors turned into one-line messages
// that say what to do, and streamed responses for logs and one-off runs.
import { CliError, ConnectionError } from "./errors.ts";
import { readConfig } from "./config-file.ts";

export interface Login {
  url: string;
  token: string;
}

/** BERTH_URL and BERTH_TOKEN (for scripts and CI) win over the stored login. */
export function currentLogin(): Login {
  const stored = readConfig();
  const url = process.env.BERTH_URL || stored?.url;
  const token = process.env.BERTH_TOKEN || stored?.token;
  if (!url || !token) throw new CliError("not logged in: run `berth login` (or set BERTH_URL and BERTH_TOKEN)");
  return { url: url.replace(/\/+$/, ""), token };
}

export class ApiClient {
  constructor(private readonly login: Login) {}

  get url(): string {
    return this.login.url;
  }

  async request<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await this.send(method, route, body);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get = <T = unknown>(route: string) => this.request<T>("GET", route);
  post = <T = unknown>(route: string, body?: unknown) => this.request<T>("POST", route, body);
  patch = <T = unknown>(route: string, body?: unknown) => this.request<T>("PATCH", route, body);
  put = <T = unknown>(route: string, body?: unknown) => this.request<T>("PUT", route, body);
  delete = <T = unknown>(route: string, body?: unknown) => this.request<T>("DELETE", route, body);

  /** A successful response whose body the caller reads as it arrives. */
  async send(method: string, route: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.login.url}/api/v1${route}`, {
        method,
        signal,
        headers: { authorization: `Bearer ${this.login.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if ((err as Error).name === "AbortError") throw err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ConnectionError(`cannot reach Berth at ${this.login.url} (${cause?.code ?? cause?.message ?? (err as Error).message}); is it running? (berth login --url to change it)`);
    }
    if (res.ok) return res;
    throw await apiError(res);
  }
}

async function apiError(res: Response): Promise<CliError> {
  const text = await res.text();
  let message = text.trim().split("\n")[0]?.slice(0, 300) || res.statusText;
  try {
    const body = JSON.parse(text) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    // not JSON: keep the first line of the text
  }
  if (res.status === 401) return new CliError(`${message}: your login is not valid any more; run \`berth login\``);
  return new CliError(message);
}
