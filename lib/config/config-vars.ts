// Config is append-only: each change stores a whole new sealed snapshot, merged from the last.
import { seal, unseal } from "../crypto/secret-box.ts";
import type { ConfigPatch, ConfigValues } from "./schemas.ts";

export function openConfig(sealed: string): ConfigValues {
  return sealed === "" ? {} : (JSON.parse(unseal(sealed)) as ConfigValues);
}

export function sealConfig(values: ConfigValues): string {
  return Object.keys(values).length === 0 ? "" : seal(JSON.stringify(values));
}

/** Merges a patch into values: strings set, null deletes. Pure. */
export function mergeConfig(current: ConfigValues, patch: ConfigPatch): ConfigValues {
  const next: ConfigValues = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
}

/** "set A, B and unset C" — for release summaries. Names only: values never reach a log. */
export function describePatch(patch: ConfigPatch): string {
  const set = Object.keys(patch).filter((k) => patch[k] !== null);
  const unset = Object.keys(patch).filter((k) => patch[k] === null);
  return [set.length ? `set ${set.join(", ")}` : "", unset.length ? `unset ${unset.join(", ")}` : ""].filter(Boolean).join(" and ");
}
