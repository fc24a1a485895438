// The files a router config names (the host map, certificates and their crt-list), kept in the
// router's own folder: written before the config is checked, removed once no loaded config names them.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Where, inside the router folder, those files live. */
export const FILES_FOLDER = "files";
const OURS = /^(hosts-[0-9a-f]+\.map|cert-[0-9a-f]+\.pem|crt-list-[0-9a-f]+\.txt)$/;

function inside(dir: string, file: string): string {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(path.resolve(dir) + path.sep)) throw new Error(`the router config names a file outside its folder: ${file}`);
  return resolved;
}

/** Writes each file (mode 0600, atomically) unless it already holds that content. */
export function writeConfigFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = inside(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    if (readIfExists(target) === content) continue;
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(tmp, content, { mode: 0o600 });
    fs.renameSync(tmp, target);
  }
}

/**
 * Removes the files that `text` does not name, directly or through a crt-list it names.
 * Only runs while holding the apply lock; a concurrent pre-check outside it may then fail and is
 * simply repeated by its apply.
 */
export function pruneConfigFiles(dir: string, text: string): void {
  const folder = path.join(dir, FILES_FOLDER);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return;
  }
  const named = new Set<string>();
  const collect = (content: string) => {
    for (const name of names) if (content.includes(path.join(folder, name))) named.add(name);
  };
  collect(text);
  for (const name of [...named]) if (name.startsWith("crt-list-")) collect(readIfExists(path.join(folder, name)) ?? "");
  for (const name of names) {
    if (OURS.test(name) && !named.has(name)) fs.rmSync(path.join(folder, name), { force: true });
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
