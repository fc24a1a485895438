// Password and token hashing. Passwords: scrypt with a salt. API tokens are 32 random bytes, so
// a plain SHA-256 is enough to store them and lets us look them up by hash.
import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length);
  return crypto.timingSafeEqual(actual, expected);
}

export const newToken = () => `berth_${crypto.randomBytes(32).toString("base64url")}`;
export const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
export const newPassword = () => crypto.randomBytes(15).toString("base64url");
