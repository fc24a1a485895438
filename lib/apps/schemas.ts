import { z } from "zod";

export const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;

export const appName = z
  .string()
  .regex(APP_NAME, "app names are 2-30 characters: a lowercase letter, then lowercase letters, digits or dashes");

export const createAppInput = z.object({ name: appName }).strict();

/** PATCH /apps/{app}: every field optional; only what is given changes. */
export const updateAppInput = z
  .object({
    maintenance: z.boolean().optional(),
    healthcheck: z
      .object({
        path: z.string().max(1024).regex(/^\/[\x21-\x7e]*$/, "the health-check path starts with / and holds printable characters, no spaces").optional(),
        timeout: z.number().int("the health-check timeout is whole seconds").min(1).max(300, "the health-check timeout is 1 to 300 seconds").optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
