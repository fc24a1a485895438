import { z } from "zod";

export const USERNAME = /^[a-z][a-z0-9_-]{1,29}$/;

export const username = z
  .string()
  .regex(USERNAME, "user names are 2-30 characters: a lowercase letter, then lowercase letters, digits, - or _");

export const newPassword = z
  .string()
  .min(10, "passwords are at least 10 characters")
  .max(1000, "passwords are at most 1000 characters");

export const loginInput = z.object({ username: z.string().min(1, "give your user name").max(100), password: z.string().min(1, "give your password").max(1000) }).strict();

export const changePasswordInput = z.object({ currentPassword: z.string().min(1, "give your current password").max(1000), newPassword }).strict();

export const createTokenInput = z.object({ name: z.string().trim().max(100, "token names are at most 100 characters").default("") }).strict();

export const createInvitationInput = z.object({ isAdmin: z.boolean().default(false) }).strict();

export const acceptInvitationInput = z.object({ invitation: z.string().min(1).max(200), username, password: newPassword }).strict();

export const deleteUserInput = z
  .object({ confirm: z.string().max(100).optional(), transferAppsTo: z.string().min(1, "transferAppsTo: name the user who gets the apps, or leave it out to delete them").max(100).optional() })
  .strict();
