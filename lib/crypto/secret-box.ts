// Seals secrets (config vars, add-on credentials) with AES-256-GCM. The key lives in the data
// directory (mode 0600) and never leaves it.
import crypto from "node:crypto";
import fs from "node:fs";
import { dataPath } from "../env.ts";

let cachedKey: Buffer | undefined;

function loadKey(): Buffer {
  if (cachedKey) return cachedKey;
  const file = dataPath("secret.key");
  try {
    cachedKey = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    fs.mkdirSync(dataPath(), { recursive: true, mode: 0o700 });
    const key = crypto.randomBytes(32);
    try {
      fs.writeFileSync(file, key.toString("base64"), { mode: 0o600, flag: "wx" });
      cachedKey = key;
    } catch (raceErr) {
      // another process created it first: use theirs
      if ((raceErr as NodeJS.ErrnoException).code !== "EEXIST") throw raceErr;
      cachedKey = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    }
  }
  if (cachedKey.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return cachedKey;
}

export function seal(plaintext: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", loadKey(), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(".");
}

export function unseal(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed value");
  const decipher = crypto.createDecipheriv("aes-256-gcm", loadKey(), Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
}
