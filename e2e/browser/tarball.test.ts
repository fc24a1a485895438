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
import { readZip } from "../../components/unzip.ts";
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

test("a .zip of a folder is repacked with its files at the top, contents and executable bits kept", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-zip-"));
  try {
    const src = path.join(dir, "my-app");
    fs.mkdirSync(path.join(src, "bin"), { recursive: true });
    fs.writeFileSync(path.join(src, "Procfile"), "web: bin/start\n");
    fs.writeFileSync(path.join(src, "bin", "start"), "#!/bin/sh\necho started\n", { mode: 0o755 });
    fs.writeFileSync(path.join(src, "big.txt"), "compressible ".repeat(5000));
    const zip = path.join(dir, "my-app.zip");
    await run("python3", ["-m", "zipfile", "-c", zip, "my-app"], { cwd: dir });
    const files = await readZip(new Blob([fs.readFileSync(zip)]));
    assert.deepEqual(files.map((f) => f.path).sort(), ["Procfile", "big.txt", "bin/start"]);
    const archive = path.join(dir, "source.tar.gz");
    fs.writeFileSync(archive, Buffer.from(await (await packTarGz(files)).arrayBuffer()));
    await verifyTarball(archive);
    const out = path.join(dir, "out");
    fs.mkdirSync(out);
    await run("tar", ["-xzf", archive, "-C", out]);
    assert.equal(fs.readFileSync(path.join(out, "big.txt"), "utf8"), "compressible ".repeat(5000));
    assert.equal(fs.statSync(path.join(out, "bin", "start")).mode & 0o777, 0o755);
    await assert.rejects(readZip(new Blob([Buffer.from("not a zip at all, just some text that is long enough")])), /not a zip archive/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
