// Regression test: user strings (app names, branches, env values, Procfile lines) can never reach
// a host shell, because nothing on the host runs a shell with data in it: child processes are
// started with execFile/spawn and an argument array, never exec/execSync or `shell: true`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOTS = ["lib", "app", "workers", "cli", "scripts"];
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bexecSync\s*\(/, "execSync"],
  [/(?<![.\w])exec\s*\(/, "exec("],
  [/\bchild_process["']\)?\.exec\b/, "child_process.exec"],
  [/shell\s*:\s*true/, "shell: true"],
  [/\bspawnSync\s*\(\s*["'](ba)?sh["']/, "spawning a shell"],
  [/\bspawn\s*\(\s*["'](ba)?sh["']/, "spawning a shell"],
];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|tsx|mjs|js)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

test("no host code starts a shell", () => {
  const offenders: string[] = [];
  for (const file of ROOTS.flatMap(sources)) {
    const text = fs.readFileSync(file, "utf8");
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(text)) offenders.push(`${file}: ${what}`);
  }
  assert.deepEqual(offenders, []);
});
