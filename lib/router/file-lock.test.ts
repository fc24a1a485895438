// The router's lock file: exclusive across processes, and taken over when its holder is gone.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, type TestContext } from "node:test";
import { promisify } from "node:util";
import { withFileLock } from "./file-lock.ts";

const run = promisify(execFile);

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-lock-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("two processes never hold the lock at once", async (t) => {
  const dir = tempDir(t);
  const lock = path.join(dir, "apply.lock");
  const log = path.join(dir, "log");
  const script = `
    import fs from "node:fs";
    import { withFileLock } from ${JSON.stringify(path.join(import.meta.dirname, "file-lock.ts"))};
    for (let i = 0; i < 15; i++) {
      await withFileLock(${JSON.stringify(lock)}, async () => {
        fs.appendFileSync(${JSON.stringify(log)}, "in " + process.pid + "\\n");
        await new Promise((r) => setTimeout(r, 5));
        fs.appendFileSync(${JSON.stringify(log)}, "out " + process.pid + "\\n");
      });
    }`;
  const child = () => run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: import.meta.dirname });
  await Promise.all([child(), child()]);
  const lines = fs.readFileSync(log, "utf8").trim().split("\n");
  assert.equal(lines.length, 60);
  for (let i = 0; i < lines.length; i += 2) {
    assert.equal(lines[i + 1], lines[i]!.replace("in", "out"), `overlap at line ${i}`);
  }
  assert.equal(fs.existsSync(lock), false);
});

test("a lock left by a dead process, or untouched for 30 s, is taken over", async (t) => {
  const lock = path.join(tempDir(t), "apply.lock");
  fs.writeFileSync(lock, `${os.hostname()} 2147483646 abc\n`); // no such pid
  assert.equal(await withFileLock(lock, async () => "taken"), "taken");

  fs.writeFileSync(lock, `another-host 1 abc\n`);
  const old = new Date(Date.now() - 31_000);
  fs.utimesSync(lock, old, old);
  assert.equal(await withFileLock(lock, async () => "taken"), "taken");
  assert.equal(fs.existsSync(lock), false);
});

test("a live holder's lock is waited for, not taken", async (t) => {
  const lock = path.join(tempDir(t), "apply.lock");
  fs.writeFileSync(lock, `another-host 1 abc\n`);
  let got = false;
  const waiting = withFileLock(lock, async () => (got = true));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(got, false);
  fs.rmSync(lock);
  await waiting;
  assert.equal(got, true);
});
