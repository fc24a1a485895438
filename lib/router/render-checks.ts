// The patterns every value must match before it reaches the router's config: nothing from the
// state is written unless it is known to be harmless there (no config injection).
import crypto from "node:crypto";

export const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;
const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
export const HOSTNAME = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const SERVER_NAME = /^[a-zA-Z0-9._-]{1,64}$/;
export const ABSOLUTE_PATH = /^\/[a-zA-Z0-9/._-]{1,200}$/;

export function refuse(why: string): never {
  throw new Error(`refusing to render the router config: ${why}`);
}

export function check(value: unknown, valid: (v: string) => boolean, what: string): string {
  if (typeof value !== "string" || !valid(value)) refuse(`bad ${what} ${JSON.stringify(value)?.slice(0, 80)}`);
  return value;
}

export const matches = (pattern: RegExp) => (v: string) => pattern.test(v);
// A name whose last label is all digits is a mistyped IPv4 address, not a hostname.
export const isAddress = (v: string) => IPV4.test(v) || (HOSTNAME.test(v) && !/(^|\.)\d+$/.test(v));
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function checkPort(port: unknown, what: string): number {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) refuse(`bad ${what} ${String(port)}`);
  return port as number;
}

/** Lower-cased and checked; hostnames are compared case-insensitively everywhere in the router. */
export const checkHostname = (h: unknown) => check(typeof h === "string" ? h.toLowerCase() : h, matches(HOSTNAME), "hostname");

/**
 * The path of a file the config names, after a hash of its content. A changed file therefore
 * changes the config text (an unchanged text is never reloaded, so a file rewritten under the
 * same name would not be picked up), and two writers of one name always write the same bytes.
 */
export function contentFile(dir: string, prefix: string, ext: string, content: string): string {
  return `${dir}/${prefix}-${crypto.createHash("sha256").update(content).digest("hex").slice(0, 24)}.${ext}`;
}
