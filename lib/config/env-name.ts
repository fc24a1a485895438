// The rule for config var names, with no dependency, so the config page checks a pasted .env
// line by line with the very sentences the API answers (schemas.ts builds its zod schema on it).
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** Set by Berth for every container; a config var may not override it. */
export const RESERVED_NAMES = new Set(["PORT", "DYNO"]);
/** A value's limit, in characters (the API counts UTF-16 code units, as zod's max does). */
export const MAX_VALUE_LENGTH = 32 * 1024;

export const NAME_RULE = "config var names are letters, digits and _, not starting with a digit";
export const RESERVED_RULE = "PORT and DYNO are set by Berth";
export const VALUE_RULE = "config var values are at most 32 KiB";

/** Why `name` cannot be a config var's name, or null. */
export function envNameProblem(name: string): string | null {
  if (!ENV_NAME.test(name)) return NAME_RULE;
  if (RESERVED_NAMES.has(name)) return RESERVED_RULE;
  return null;
}
