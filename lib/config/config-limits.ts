// Bounds on an app's whole config (BERTH_MAX_CONFIG_KB, BERTH_MAX_CONFIG_VARS): every change stores
// a whole new snapshot and every container gets all of it, so the total is what costs. Checked on
// the merged result before anything is written. A change that shrinks a config already past a
// lowered limit is let through, so the way back under it stays open.
import type { ConfigValues } from "./schemas.ts";

export interface ConfigLimits {
  maxBytes: number;
  maxVars: number;
}

/** Names and values in UTF-8 bytes, as Heroku counts its 32 KB. */
export function configBytes(values: ConfigValues): number {
  let total = 0;
  for (const [key, value] of Object.entries(values)) total += Buffer.byteLength(key) + Buffer.byteLength(value);
  return total;
}

/** Why `next` may not replace `current`, or null. Pure. */
export function configLimitProblem(current: ConfigValues, next: ConfigValues, limits: ConfigLimits): string | null {
  const vars = Object.keys(next).length;
  if (vars > limits.maxVars && vars > Object.keys(current).length) {
    return `that makes ${vars} config vars, more than the ${limits.maxVars} allowed on this Berth (BERTH_MAX_CONFIG_VARS); nothing was changed`;
  }
  const bytes = configBytes(next);
  if (bytes > limits.maxBytes && bytes > configBytes(current)) {
    return `that makes the config ${kib(bytes)} (names and values), more than the ${kib(limits.maxBytes)} allowed on this Berth (BERTH_MAX_CONFIG_KB); nothing was changed`;
  }
  return null;
}

const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;
