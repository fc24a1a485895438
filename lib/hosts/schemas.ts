import { z } from "zod";

/**
 * A node label's key: lowercase letters, digits, dots, dashes and underscores, starting and ending
 * with a letter or digit (Docker's reverse-DNS convention: `zone`, `com.example.disk`). Keys under
 * `berth.` are Berth's own (placement, the test hosts) and cannot be set or removed through the API.
 */
export const labelKey = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$/, "a label key is 1-100 lowercase letters, digits, dots, dashes or underscores, starting and ending with a letter or digit")
  .refine((key) => key !== "berth" && !key.startsWith("berth."), { message: "label keys starting with berth. are Berth's own: choose another key" });

/** A label's value: printable characters, at most 200; null removes the label. */
export const labelValue = z
  .string("a label's value is a string, or null to remove the label")
  .regex(/^[\x20-\x7e]{0,200}$/, "a label's value is at most 200 printable characters")
  .nullable();

/** PATCH /hosts/{name}: `{"drain": true|false, "labels": {key: value | null}}`, at least one of them. */
export const updateHostInput = z
  .object({
    drain: z.boolean("drain is true (move containers off the host and place none there) or false").optional(),
    labels: z
      .record(z.string(), labelValue)
      // Keys are checked here, not by the record's key schema, whose error only says "Invalid key in record".
      .superRefine((labels, ctx) => {
        const keys = Object.keys(labels);
        if (keys.length > 50) ctx.addIssue({ code: "custom", message: "at most 50 labels in one change" });
        for (const key of keys) {
          const checked = labelKey.safeParse(key);
          if (!checked.success) ctx.addIssue({ code: "custom", path: [key.slice(0, 100)], message: checked.error.issues[0]!.message });
        }
      })
      .optional(),
  })
  .strict()
  .refine((input) => input.drain !== undefined || input.labels !== undefined, { message: 'nothing to change: give "drain" (true or false) and/or "labels" ({"key": "value" or null})' });

export type UpdateHostInput = z.infer<typeof updateHostInput>;
