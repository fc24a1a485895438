import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { pruneConfigFiles, FILES_FOLDER, writeConfigFiles } from "./config-files.ts";

test("files are written inside the router folder only, and pruned unless a config or its crt-list names them", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-files-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const tls = path.join(dir, FILES_FOLDER);
  assert.throws(() => writeConfigFiles(dir, { [path.join(dir, "..", "escape.pem")]: "x" }), /outside its folder/);
  assert.throws(() => writeConfigFiles(dir, { "/etc/berth-test.pem": "x" }), /outside its folder/);

  const kept = path.join(tls, "cert-aaaa.pem");
  const list = path.join(tls, "crt-list-bbbb.txt");
  const old = path.join(tls, "cert-cccc.pem");
  const map = path.join(tls, "hosts-dddd.map");
  writeConfigFiles(dir, { [kept]: "kept", [list]: `${kept} www.example.com\n`, [old]: "old", [map]: "a.test app_a\n" });
  fs.writeFileSync(path.join(tls, "not-ours.txt"), "left alone");
  assert.equal(fs.statSync(kept).mode & 0o777, 0o600);
  assert.equal(fs.statSync(tls).mode & 0o777, 0o700);

  pruneConfigFiles(dir, `bind :443 ssl crt-list ${list}\nuse_backend %[var(txn.host),map(${map},no_app)]\n`);
  assert.deepEqual(fs.readdirSync(tls).sort(), ["cert-aaaa.pem", "crt-list-bbbb.txt", "hosts-dddd.map", "not-ours.txt"]);
  pruneConfigFiles(dir, "no tls\n");
  assert.deepEqual(fs.readdirSync(tls), ["not-ours.txt"]);
});
