// Dokku's CHECKS file: the web checks a source asks for. One check a line — a path (or a relative
// URL `//host/path`, or `http(s)://host/path`) and, optionally, content the answer must hold —
// plus the settings WAIT=, TIMEOUT= and ATTEMPTS=; `#` starts a comment, empty lines are skipped.
// Parsed once by the build and stored with it, so a deploy of that build never reads the source.

/** One request a new web container must answer with 2xx/3xx (and the content, if given). */
export interface WebCheck {
  path: string;
  /** The Host header to send (from `//host/path`); the app's default hostname otherwise. */
  host?: string;
  /** The scheme the app is told the request came in with (X-Forwarded-Proto). */
  proto?: "http" | "https";
  /** Text the answer's body must contain. */
  content?: string;
}

export interface ChecksFile {
  checks: WebCheck[];
  /** Seconds to wait before the first request (Dokku's WAIT). */
  waitSeconds?: number;
  /** Seconds one request may take (Dokku's TIMEOUT). */
  requestTimeoutSeconds?: number;
  /** Wrong answers in a row that fail the deploy (Dokku's ATTEMPTS). */
  attempts?: number;
  /** Seconds between a wrong answer and the next try (app.json's `wait`); 1 otherwise. */
  retrySeconds?: number;
  /** Where the checks were written: app.json's `healthchecks`, else a CHECKS file. */
  source?: "app.json";
}

export const CHECKS_FILE = "CHECKS";
const MAX_CHECKS = 20;
const SETTINGS = {
  WAIT: { key: "waitSeconds", min: 0, max: 300, unit: "seconds" },
  TIMEOUT: { key: "requestTimeoutSeconds", min: 1, max: 300, unit: "seconds" },
  ATTEMPTS: { key: "attempts", min: 1, max: 100, unit: "attempts" },
} as const;
const PATH = /^\/[\x21-\x7e]*$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:\d{1,5})?$/;
const TARGET = /^(?:(https?):)?\/\/([^/\s]+)(\/[^\s]*)?$/;

export class ChecksFileError extends Error {}

/** Parses a CHECKS file; null when it holds no check. Throws ChecksFileError naming the line. */
export function parseChecksFile(text: string): ChecksFile | null {
  const file: ChecksFile = { checks: [] };
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const fail = (why: string): never => {
      throw new ChecksFileError(`CHECKS line ${i + 1}: ${why}`);
    };
    const setting = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*(#.*)?$/.exec(line);
    if (setting) {
      const [, name, value] = setting as unknown as [string, string, string];
      const rule = SETTINGS[name as keyof typeof SETTINGS];
      if (!rule) fail(`unknown setting ${name} (CHECKS knows ${Object.keys(SETTINGS).join(", ")})`);
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < rule.min || n > rule.max) fail(`${name} is a whole number of ${rule.unit}, ${rule.min} to ${rule.max}`);
      file[rule.key] = n;
      return;
    }
    const target = line.split(/\s/, 1)[0]!;
    const content = line.slice(target.length).trim();
    if (file.checks.length === MAX_CHECKS) fail(`at most ${MAX_CHECKS} checks`);
    file.checks.push({ ...checkTarget(target, fail), ...(content ? { content } : {}) });
  });
  return file.checks.length ? file : null;
}

function checkTarget(target: string, fail: (why: string) => never): Omit<WebCheck, "content"> {
  if (PATH.test(target) && !target.startsWith("//")) return { path: target };
  const url = TARGET.exec(target);
  if (!url) return fail(`a check is a path (/health), //host/path or http(s)://host/path, then optionally the content the answer must hold; got "${target.slice(0, 100)}"`);
  const [, proto, host = "", path = "/"] = url;
  if (!HOST.test(host)) fail(`"${host.slice(0, 100)}" is not a host name`);
  if (!PATH.test(path)) fail(`the path "${path.slice(0, 100)}" holds characters a request line cannot`);
  return { path, host: host.toLowerCase(), ...(proto ? { proto: proto as "http" | "https" } : {}) };
}

/** How a build's checks are described in its output: `/health "ok", /about`. */
export function describeChecks(file: ChecksFile): string {
  return file.checks.map((c) => `${c.proto ? `${c.proto}:` : ""}${c.host ? `//${c.host}` : ""}${c.path}${c.content ? ` "${c.content}"` : ""}`).join(", ");
}
