import { z } from "zod";

export const APP_NAME = /^[a-z][a-z0-9-]{1,29}$/;

export const appName = z
  .string()
  .regex(APP_NAME, "app names are 2-30 characters: a lowercase letter, then lowercase letters, digits or dashes");

export const createAppInput = z.object({ name: appName }).strict();
