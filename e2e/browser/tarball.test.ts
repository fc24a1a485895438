// The folder-drop packer (components/tarball.ts) makes archives that tar and Berth's upload
// checks read: long paths (PAX), nested folders, exact bytes. Node has the same Blob,
// File and CompressionStream as the browser, so it runs here directly.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { packTarGz } from "../../components/tarball.ts";
import { verifyTarball } from "../../lib/sources/verify-tarball.ts";

const run = promisify(execFile);

test("a packed folder unpacks to the same files, long paths included, and passes the upload checks", async () => {
  const long = `${"deep/".repeat(30)}file-with-a-long-name.txt`;
  const files = {
    "Dockerfile": "FROM berth/runner:latest\n",
    "src/app.py": "print('hi')\n",
    "empty.txt": "",
    [long]: "x".repeat(1000),
    "unicodé/ß.txt": "ünïcode\n",
  };
  const blob = await packTarGz(Object.entries(files).map(([p, text]) => ({ path: p, file: new File([text], path.basename(p)) })));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-tarball-"));
  try {
    const archive = path.join(dir, "source.tar.gz");
    fs.writeFileSync(archive, Buffer.from(await blob.arrayBuffer()));
    await verifyTarball(archive);
    const out = path.join(dir, "out");
    fs.mkdirSync(out);
    await run("tar", ["-xzf", archive, "-C", out]);
    for (const [p, text] of Object.entries(files)) assert.equal(fs.readFileSync(path.join(out, p), "utf8"), text, p);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
