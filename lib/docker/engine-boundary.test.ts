// The Engine API is spoken in lib/docker only: everything else goes through runtimeFor(host)
// (containers, images, volumes, networks, exec, events, logs, stats) or swarmApi (the swarm's own
// API). A dockerode client anywhere else is a second implementation of the runtime.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOTS = ["lib", "app", "workers", "cli", "scripts", "bench", "e2e"];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "node_modules" ? [] : sources(p);
    return /\.(ts|tsx|mjs|js)$/.test(e.name) ? [p] : [];
  });
}

test("only lib/docker holds a dockerode client or the engine connection", () => {
  const offenders = ROOTS.flatMap(sources)
    .filter((file) => !file.startsWith(`lib${path.sep}docker${path.sep}`))
    .filter((file) => /from\s+["']dockerode["']|docker\/engine-client\.ts|docker\/docker-runtime\/|\bdockerFor\(/.test(fs.readFileSync(file, "utf8")));
  assert.deepEqual(offenders, []);
});
