import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { create } from "tar";
import { indexSource } from "./source-index.ts";

test("lists the root and reads the Procfile without extracting", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-index-"));
  try {
    fs.mkdirSync(path.join(dir, "src", "lib"), { recursive: true });
    fs.writeFileSync(path.join(dir, "src", "lib", "Procfile"), "web: not this one\n");
    fs.writeFileSync(path.join(dir, "Procfile"), "web: python3 app.py\nworker: sleep 1\n");
    fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM berth/runner\n");
    const file = path.join(dir, "..", `${path.basename(dir)}.tar.gz`);
    await create({ gzip: true, file, cwd: dir }, ["."]);
    const index = await indexSource(file);
    fs.rmSync(file);
    assert.deepEqual([...index.root].sort(), ["Dockerfile", "Procfile", "src"]);
    assert.deepEqual([...index.files], [["Procfile", "web: python3 app.py\nworker: sleep 1\n"]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
