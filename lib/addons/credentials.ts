// Add-on credentials: generated strong, stored sealed (AES-256-GCM, see lib/crypto/secret-box.ts).
import crypto from "node:crypto";
import { seal, unseal } from "../crypto/secret-box.ts";
import type { Credentials } from "./services/types.ts";

/**
 * 192 random bits as 32 URL-safe characters ([A-Za-z0-9_-]): safe inside a URL, a config file
 * and a quoted SQL string without escaping (the images' start scripts check this alphabet).
 */
export const strongPassword = () => crypto.randomBytes(24).toString("base64url");

/** An add-on name as a database or user name: redis-calm-1234 → redis_calm_1234. */
export const sqlIdentifier = (addonName: string) => addonName.replace(/-/g, "_");

export const sealCredentials = (credentials: Credentials) => seal(JSON.stringify(credentials));
export const openCredentials = (sealed: string) => JSON.parse(unseal(sealed)) as Credentials;
