import { z } from "zod";

export const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;

/**
 * Names that read as Berth's own (its images, services and add-ons, or a host name people would
 * take for the platform's). Docker objects no longer derive from app names, so these are about
 * what users see: `stack.berth.example.com` must not look like part of Berth.
 */
const RESERVED_NAMES = new Set(["berth", "stack", "builder", "runner", "router", "registry", "addon", "addons", "api", "www", "admin", "dashboard", "git", "builds", "localhost", "hosts", "swarm"]);
const RESERVED_PREFIXES = ["addon-", "berth-"];

export const appName = z
  .string()
  .regex(APP_NAME, "app names are 2-30 characters: a lowercase letter, then lowercase letters, digits or dashes");

/** A name for a new app: well formed, and none of Berth's own. */
export const newAppName = appName.superRefine((name, ctx) => {
  if (RESERVED_NAMES.has(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    ctx.addIssue({ code: "custom", message: `${name} is reserved for Berth itself (as are names starting with ${RESERVED_PREFIXES.join(" or ")}): choose another name` });
  }
});

export const createAppInput = z.object({ name: newAppName }).strict();

/** PATCH /apps/{app}: every field optional; only what is given changes. */
export const updateAppInput = z
  .object({
    maintenance: z.boolean().optional(),
    healthcheck: z
      .object({
        // null clears it: the default check (any HTTP answer below 500 on PORT, or the source's CHECKS file).
        path: z
          .string("the health-check path is a string starting with /, or null for the default check")
          .max(1024, "the health-check path is at most 1024 characters")
          .regex(/^\/[\x21-\x7e]*$/, "the health-check path starts with / and holds printable characters, no spaces")
          .nullable()
          .optional(),
        timeout: z
          .number("the health-check timeout is a number of seconds, 1 to 300")
          .int("the health-check timeout is whole seconds")
          .min(1, "the health-check timeout is 1 to 300 seconds")
          .max(300, "the health-check timeout is 1 to 300 seconds")
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
