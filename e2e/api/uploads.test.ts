// Source uploads: unsafe or malformed archives are refused with 422 and nothing is written
// outside a temporary folder; a good one builds like a push. Then, as a hostile second user: gzip
// bombs and oversized bodies are refused with 413 at once, and the web server's memory stays flat.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import zlib from "node:zlib";
import http from "node:http";
import { api, BASE, createApp } from "../support/berth.ts";

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

  test("garbage, an empty body and the wrong type get 422; an oversized upload 413", async () => {
    assert.equal((await upload(app, new TextEncoder().encode("not a tarball"))).status, 422);
    assert.equal((await upload(app, new Uint8Array(0))).status, 422);
    assert.equal((await upload(app, await craftTarball([{ name: "a" }]), "application/json")).status, 422);
    const limit = Number(process.env.BERTH_MAX_UPLOAD_MB ?? 500);
    if (limit <= 8) {
      // random bytes do not compress: the gzip is bigger than the limit
      const big = zlib.gzipSync(crypto.randomBytes((limit + 1) * 1024 * 1024), { level: 0 });
      const res = await upload(app, new Uint8Array(big));
      assert.equal(res.status, 413);
      assert.equal(res.body.error, "too_large");
      assert.match(res.body.message, /larger than the limit of \d+ MiB/);
    }
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/builds`)).body, []);
  });

  test("an upload cut off half-way leaves no build behind and no lock held", async () => {
    const { BASE, token } = await import("../support/berth.ts");
    const abort = new AbortController();
    // The first MiB of a good archive (one 2 MiB file, stored): nothing to refuse until it stops.
    const whole = zlib.gzipSync(Buffer.concat([tarHeader("big.bin", 2 * 1024 * 1024), crypto.randomBytes(2 * 1024 * 1024)]), { level: 0 });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= 4) {
          abort.abort();
          return;
        }
        controller.enqueue(new Uint8Array(whole.subarray(sent * 256 * 1024, (sent + 1) * 256 * 1024)));
        sent += 1;
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

/** A ustar header for a regular file; `size` may be anything 11 octal digits hold. */
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write("00000000000\0", 136);
  h.write("        ", 148);
  h.write("0", 156);
  h.write("ustar\u000000", 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

/** The web server's processes (next start) in the test instance's process group. */
function webPids(): number[] {
  const group = Number(process.env.BERTH_TEST_CONTROL_PLANE_PGID);
  if (!group) return [];
  return fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      // scripts/web-server.mjs, or next-server as `next start` names itself
      return pgrp === group && /web-server\.mjs|next-server/.test(cmdline) && !/tsx/.test(cmdline);
    } catch {
      return false;
    }
  });
}

/** kB of a /proc/<pid>/status field, summed over the web processes. */
const statusKb = (pids: number[], field: "VmRSS" | "VmHWM") =>
  pids.reduce((sum, pid) => sum + Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0), 0);

/** POSTs `body` raw to the test instance over node:http; resolves at the response, while the body may still be going. */
function rawPost(route: string, opts: { method?: string; headers: Record<string, string | number>; body: Buffer; chunk?: number; pauseMs?: number }) {
  const url = new URL(route, BASE);
  return new Promise<{ status: number; body: string; sentBytes: number; ms: number }>((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? "POST", headers: opts.headers, agent: false }, (res) => {
      answered = true;
      const ms = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), sentBytes: sent, ms });
        req.destroy();
      });
    });
    req.on("error", (err) => (answered ? undefined : reject(err)));
    req.setTimeout(20_000, () => req.destroy(new Error("no answer in 20 s")));
    const size = opts.chunk ?? 64 * 1024;
    const pump = async () => {
      for (let at = 0; at < opts.body.length && !answered && !req.destroyed; at += size) {
        if (!req.write(opts.body.subarray(at, at + size))) await new Promise((r) => req.once("drain", r));
        sent = Math.min(opts.body.length, at + size);
        if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump().catch(() => undefined);
  });
}

/** Runs `post` again (at most twice) when the connection was reset before any answer. */
async function retryReset<T>(post: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 3 || (code !== "EPIPE" && code !== "ECONNRESET")) throw err;
      console.log(`# the connection was reset before the answer (${code}); trying again`);
    }
  }
}

describe("uploads and request bodies from a hostile user", () => {
  const username = `mallory${Date.now() % 1_000_000}`;
  const password = `pw-${Date.now()}-mallory`;
  let auth: string;
  let app: string;
  const uploadLimit = Number(process.env.BERTH_MAX_UPLOAD_MB ?? 500) * 1024 * 1024;

  before(async () => {
    const invitation = await api("POST", "/api/v1/invitations", {});
    assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
    assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username, password })).status, 201);
    const login = await fetch(`${BASE}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
    auth = `Bearer ${((await login.json()) as { token: string }).token}`;
    app = `mal-${Date.now().toString(36)}`;
    assert.equal((await api("POST", "/api/v1/apps", { name: app }, { authorization: auth })).status, 201);
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`, undefined, { authorization: auth });
  });

  const postUpload = (body: Buffer, headers: Record<string, string | number> = {}) =>
    rawPost(`/api/v1/apps/${app}/builds`, { headers: { authorization: auth, "content-type": "application/gzip", "content-length": body.length, ...headers }, body });

  test("a gzip bomb is refused with 413 at once, and the web server's memory stays flat", async () => {
    // 100 MiB of zeros gzip to about 100 KiB; members concatenated (valid multi-member gzip) up to
    // 10 MiB, or just under the instance's upload limit: gigabytes once inflated.
    const member = zlib.gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
    const count = Math.floor(Math.min(10 * 1024 * 1024, uploadLimit - 64 * 1024) / member.length);
    const bomb = Buffer.concat(Array.from({ length: count }, () => member));
    const garbage = crypto.randomBytes(bomb.length); // a baseline of the same size, refused at its first bytes
    const pids = webPids();
    assert.ok(pids.length > 0, "the web process of the test instance is found");
    const mib = (kb: number) => (kb / 1024).toFixed(0);
    // The instance is shared with the test files running beside this one, whose requests move the
    // same RSS and take the same CPU: a measurement is taken again (up to 3 times) when it missed.
    // An upload path that inflates in memory misses every time (10 GiB does not fit at all).
    const misses: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const baseline = await postUpload(garbage);
      assert.equal(baseline.status, 422);
      const idleKb = statusKb(pids, "VmRSS");
      for (const pid of pids) fs.writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
      let sampledPeakKb = idleKb;
      const sampler = setInterval(() => (sampledPeakKb = Math.max(sampledPeakKb, statusKb(pids, "VmRSS"))), 10);
      const res = await postUpload(bomb);
      await new Promise((r) => setTimeout(r, 300));
      clearInterval(sampler);
      const peakKb = Math.max(sampledPeakKb, statusKb(pids, "VmHWM"));
      const afterKb = statusKb(pids, "VmRSS");

      assert.equal(res.status, 413, res.body);
      assert.match(JSON.parse(res.body).message, /gzip bomb|unpacks to more than/);
      const figure =
        `${(bomb.length / 1024 / 1024).toFixed(1)} MiB bomb (${((count * 100) / 1024).toFixed(1)} GiB inflated): refused in ${res.ms.toFixed(0)} ms ` +
        `(same-size garbage: ${baseline.ms.toFixed(0)} ms); web RSS idle ${mib(idleKb)} MiB, peak +${mib(peakKb - idleKb)} MiB, after +${mib(afterKb - idleKb)} MiB`;
      console.log(`# figure (attempt ${attempt}): ${figure}`);
      if (peakKb - idleKb < 200 * 1024 && afterKb - idleKb < 100 * 1024 && res.ms < 10 * Math.max(baseline.ms, 100)) break;
      misses.push(figure);
      assert.ok(attempt < 3, `the bomb's bounds (peak RSS +200 MiB, after +100 MiB, 10x the garbage's time) were missed 3 times:\n${misses.join("\n")}`);
    }
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/builds`, undefined, { authorization: auth })).body, []);
  });

  test("a tar whose header declares a huge entry is refused by the header, with 413", async () => {
    const body = zlib.gzipSync(Buffer.concat([tarHeader("huge.bin", 8 * 1024 ** 3 - 1), Buffer.alloc(4096)]));
    const res = await postUpload(body);
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).message, /unpacks to more than \d+ MiB/);
  });

  test("one entry more than the entry limit is refused with 413", async () => {
    const limit = Number(process.env.BERTH_MAX_UPLOAD_ENTRIES ?? 100_000);
    const headers = Array.from({ length: limit + 1 }, (_, i) => tarHeader(`f${i}`, 0));
    const res = await postUpload(zlib.gzipSync(Buffer.concat([...headers, Buffer.alloc(1024)])));
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).message, new RegExp(`more than ${limit} entries`));
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}/builds`, undefined, { authorization: auth })).body, []);
  });

  test("an upload that declares more than the limit is refused before its body is read", async () => {
    // Only 256 KiB of the declared length is ever sent: an answer proves nothing waited for the rest.
    const res = await rawPost(`/api/v1/apps/${app}/builds`, {
      headers: { authorization: auth, "content-type": "application/gzip", "content-length": uploadLimit + 1 },
      body: crypto.randomBytes(256 * 1024),
      pauseMs: 20,
      chunk: 16 * 1024,
    });
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).message, /larger than the limit/);
  });

  test("50 MB of JSON to the public /auth/token is refused with 413 without reading it all", async () => {
    const big = Buffer.from(JSON.stringify({ username: "admin", password: "x".repeat(50 * 1024 * 1024) }));
    // With a Content-Length: answered before the body is sent.
    // A loaded machine has seen the connection reset (EPIPE) before the 413 arrived, once in many
    // runs, declared or chunked (cause not found yet; see the issue notes): a reset is tried again, at most twice.
    const declared = await retryReset(() => rawPost("/api/v1/auth/token", { headers: { "content-type": "application/json", "content-length": big.length }, body: big, chunk: 16 * 1024, pauseMs: 5 }));
    assert.equal(declared.status, 413, declared.body);
    assert.match(JSON.parse(declared.body).message, /larger than the limit of \d+ KiB \(BERTH_MAX_JSON_KB\)/);
    assert.ok(declared.sentBytes < 8 * 1024 * 1024, `answered after ${declared.sentBytes} bytes`);
    // Chunked, with no length: counted as it streams and refused soon after the limit.
    const chunked = await retryReset(() => rawPost("/api/v1/auth/token", { headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, body: big, chunk: 64 * 1024, pauseMs: 2 }));
    assert.equal(chunked.status, 413, chunked.body);
    assert.ok(chunked.sentBytes < 16 * 1024 * 1024, `answered after ${chunked.sentBytes} bytes`);
    // The dashboard's login, and an authenticated route too; nothing changed.
    const session = await retryReset(() => rawPost("/api/v1/auth/session", { headers: { "content-type": "application/json", "content-length": big.length, origin: BASE }, body: big, chunk: 16 * 1024, pauseMs: 5 }));
    assert.equal(session.status, 413, session.body);
    const vars = Buffer.from(JSON.stringify({ BIG: "y".repeat(2 * 1024 * 1024) }));
    const config = await rawPost(`/api/v1/apps/${app}/config-vars`, { method: "PATCH", headers: { authorization: auth, "content-type": "application/json", "content-length": vars.length }, body: vars });
    assert.equal(config.status, 413, config.body);
    assert.equal((await api("GET", `/api/v1/apps/${app}/config-vars`, undefined, { authorization: auth })).body.BIG, undefined);
  });

  test("a git push that declares more than the push limit is refused before git runs", async () => {
    const res = await rawPost(`/git/${app}.git/git-receive-pack`, {
      headers: {
        authorization: `Basic ${Buffer.from(`git:${auth.slice(7)}`).toString("base64")}`,
        "content-type": "application/x-git-receive-pack-request",
        "content-length": 64 * 1024 ** 3,
      },
      body: crypto.randomBytes(64 * 1024),
    });
    assert.equal(res.status, 413, res.body);
    assert.match(JSON.parse(res.body).message, /push is larger than the limit/);
  });
});
