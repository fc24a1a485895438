import { z } from "zod";
import { ENV_NAME, MAX_VALUE_LENGTH, NAME_RULE, RESERVED_NAMES, RESERVED_RULE, VALUE_RULE } from "./env-name.ts";

export { ENV_NAME, RESERVED_NAMES };

export const envName = z
  .string()
  .regex(ENV_NAME, NAME_RULE)
  .refine((name) => !RESERVED_NAMES.has(name), { message: RESERVED_RULE });

export const envValue = z
  .string()
  .max(MAX_VALUE_LENGTH, VALUE_RULE)
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
