// Source uploads: unsafe or malformed archives are refused with 422 and nothing is written
// outside a temporary folder; a good one builds like a push.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { api, createApp } from "../support/berth.ts";

const run = promisify(execFile);

/** A .tar.gz with exactly the entries given, made by Python's tarfile (which writes them verbatim). */
async function craftTarball(entries: Array<{ name: string; type?: "file" | "symlink" | "hardlink"; target?: string; data?: string }>) {
  const script = `
import io, json, sys, tarfile
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:gz") as tar:
    for e in json.loads(sys.argv[1]):
        info = tarfile.TarInfo(e["name"])
        kind = e.get("type", "file")
        if kind == "symlink":
            info.type, info.linkname = tarfile.SYMTYPE, e["target"]
            tar.addfile(info)
        elif kind == "hardlink":
            info.type, info.linkname = tarfile.LNKTYPE, e["target"]
            tar.addfile(info)
        else:
            data = e.get("data", "x").encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(buf.getvalue())
`;
  const { stdout } = await run("python3", ["-c", script, JSON.stringify(entries)], { encoding: "buffer", maxBuffer: 1 << 26 });
  return new Uint8Array(stdout);
}

const upload = (app: string, body: Uint8Array, type = "application/gzip") => api("POST", `/api/v1/apps/${app}/builds`, body, { "content-type": type });

describe("uploads", () => {
  let app: string;
  before(async () => {
    app = await createApp("upl");
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
  });

  test("unsafe archives are refused with 422 and write nothing outside", async () => {
    const marker = `/tmp/berth-escape-${crypto.randomBytes(4).toString("hex")}`;
    const cases: Array<[string, Parameters<typeof craftTarball>[0], RegExp]> = [
      ["absolute path", [{ name: marker, data: "pwned" }], /absolute/],
      ["dot-dot", [{ name: "ok.txt" }, { name: `../../../../..${marker}` }], /\.\./],
      ["symlink out", [{ name: "link", type: "symlink", target: "/etc/passwd" }], /absolute/],
      ["relative symlink out", [{ name: "a/link", type: "symlink", target: "../../../etc" }], /outside/],
      ["hard link out", [{ name: "hard", type: "hardlink", target: "../../etc/passwd" }], /outside/],
    ];
    for (const [label, entries, message] of cases) {
      const res = await upload(app, await craftTarball(entries));
      assert.equal(res.status, 422, label);
      assert.equal(res.body.error, "invalid", label);
      assert.match(res.body.message, message, label);
    }
    assert.equal(fs.existsSync(marker), false);
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/builds`)).body, []);
  });

  test("garbage, an empty body, the wrong type and an oversized upload get 422", async () => {
    assert.equal((await upload(app, new TextEncoder().encode("not a tarball"))).status, 422);
    assert.equal((await upload(app, new Uint8Array(0))).status, 422);
    assert.equal((await upload(app, await craftTarball([{ name: "a" }]), "application/json")).status, 422);
    const limit = Number(process.env.BERTH_MAX_UPLOAD_MB ?? 500);
    if (limit <= 8) {
      // random bytes do not compress: the gzip is bigger than the limit
      const big = zlib.gzipSync(crypto.randomBytes((limit + 1) * 1024 * 1024), { level: 0 });
      const res = await upload(app, new Uint8Array(big));
      assert.equal(res.status, 422);
      assert.match(res.body.message, /larger than/);
    }
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/builds`)).body, []);
  });

  test("an upload cut off half-way leaves no build behind and no lock held", async () => {
    const { BASE, token } = await import("../support/berth.ts");
    const abort = new AbortController();
    const chunk = crypto.randomBytes(256 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= 4) {
          abort.abort();
          return;
        }
        sent += 1;
        controller.enqueue(new Uint8Array(chunk));
        await new Promise((r) => setTimeout(r, 50));
      },
    });
    await assert.rejects(
      fetch(`${BASE}/api/v1/apps/${app}/builds`, {
        method: "POST",
        headers: { authorization: `Bearer ${await token()}`, "content-type": "application/gzip" },
        body,
        signal: abort.signal,
        duplex: "half",
      } as RequestInit),
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/builds`)).body, []);
    assert.equal((await api("GET", `/api/v1/apps/${app}`)).body.deploying, false);
  });

  test("a commit query that is not a sha is refused", async () => {
    const res = await api("POST", `/api/v1/apps/${app}/builds?commit=$(id)`, await craftTarball([{ name: "a" }]), { "content-type": "application/gzip" });
    assert.equal(res.status, 422);
  });
});
