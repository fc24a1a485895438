import { z } from "zod";

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** Set by Berth for every container; a config var may not override it. */
export const RESERVED_NAMES = new Set(["PORT", "DYNO"]);

export const envName = z
  .string()
  .regex(ENV_NAME, "config var names are letters, digits and _, not starting with a digit")
  .refine((name) => !RESERVED_NAMES.has(name), { message: "PORT and DYNO are set by Berth" });

export const envValue = z
  .string()
  .max(32 * 1024, "config var values are at most 32 KiB")
  .refine((v) => !v.includes("\0"), { message: "config var values cannot contain NUL bytes" });

/** PATCH body: set a string, delete with null. */
export const configPatch = z
  .record(z.string(), envValue.nullable())
  .superRefine((patch, ctx) => {
    for (const key of Object.keys(patch)) {
      const parsed = envName.safeParse(key);
      if (!parsed.success) ctx.addIssue({ code: "custom", path: [key], message: `${key}: ${parsed.error.issues[0]!.message}` });
    }
    if (Object.keys(patch).length === 0) ctx.addIssue({ code: "custom", message: "give at least one config var to set or unset" });
  });

export type ConfigPatch = z.infer<typeof configPatch>;
export type ConfigValues = Record<string, string>;
