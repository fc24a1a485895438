import { z } from "zod";
import { parseHostname } from "./hostname.ts";

export const hostname = z
  .string()
  .max(300, "a hostname is 1 to 253 characters")
  .transform((value, ctx) => {
    const parsed = parseHostname(value);
    if ("hostname" in parsed) return parsed.hostname;
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(value.slice(0, 80))} is not a valid hostname: ${parsed.problem}` });
    return z.NEVER;
  });

export const addDomainInput = z.object({ hostname }).strict();

export const certificateInput = z
  .object({
    certificate: z.string().min(1).max(64 * 1024, "a certificate chain is at most 64 KiB"),
    privateKey: z.string().min(1).max(16 * 1024, "a private key is at most 16 KiB"),
    redirectHttps: z.boolean().optional(),
  })
  .strict();

export const updateDomainInput = z.object({ redirectHttps: z.boolean() }).strict();
