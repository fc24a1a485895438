// Tenant isolation on the shared engine, tried as a second, hostile user would: reading another
// app's image, colliding with Berth's own names, running as root under another name, and
// reaching the host from a build.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { api, APPS_DIR, BASE, createApp, imageRepoOf, newUser, token, waitFor } from "../support/berth.ts";

const run = promisify(execFile);

/** Uploads a source made of these files and waits for its build to end: status and output. */
async function build(app: string, files: Record<string, string>, headers: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-isolation-"));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const { stdout } = await run("tar", ["-czf", "-", "-C", dir, "."], { encoding: "buffer", maxBuffer: 1 << 24 });
    const created = await api("POST", `/api/v1/apps/${app}/builds`, new Uint8Array(stdout), { "content-type": "application/gzip", ...headers });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const done = await waitFor(
      "the build to end",
      async () => {
        const b = (await api("GET", `/api/v1/apps/${app}/builds/${id}`, undefined, headers)).body;
        return b.status === "succeeded" || b.status === "failed" ? b : undefined;
      },
      180_000,
    );
    const auth = headers.authorization ? headers : { authorization: `Bearer ${await token()}` };
    const output = await fetch(`${BASE}/api/v1/apps/${app}/builds/${id}/output`, { headers: auth }).then((r) => r.text());
    // The app is free for the next build once the release the build made has settled.
    await waitFor("the release to settle", async () => {
      const [latest] = (await api("GET", `/api/v1/apps/${app}/releases?limit=1`, undefined, headers)).body as Array<{ status: string }>;
      return !latest || latest.status === "succeeded" || latest.status === "failed";
    });
    return { status: done.status as string, error: (done.error ?? "") as string, output, image: done.image as string | null };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A TCP server on the host that counts (and closes) the connections it gets. */
async function countingServer(host: string) {
  let count = 0;
  const server = net.createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, port: (server.address() as net.AddressInfo).port, connections: () => count };
}

describe("tenant isolation", { concurrency: false }, () => {
  let victim: string;
  let victimRepo: string;
  let attacker: Awaited<ReturnType<typeof newUser>>;
  let attackerApp: string;

  before(async () => {
    victim = await createApp("victim");
    const built = await build(victim, { Dockerfile: "FROM berth/runner:latest\nRUN echo 'the secret of the victim' > /app/secret.txt\nCMD [\"python3 -m http.server $PORT\"]\n" });
    assert.equal(built.status, "succeeded", built.output);
    victimRepo = await imageRepoOf(victim);
    attacker = await newUser("mallory");
    attackerApp = `atk-${Date.now().toString(36)}`;
    assert.equal((await api("POST", "/api/v1/apps", { name: attackerApp }, attacker.headers)).status, 201);
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${attackerApp}`);
    await api("DELETE", `/api/v1/apps/${victim}`);
  });

  test("app images live in a repository named after the app's id, not its name", () => {
    assert.match(victimRepo, new RegExp(`^${process.env.BERTH_INSTANCE}-app/[a-z0-9]{20,}$`));
    assert.ok(!victimRepo.includes(victim), victimRepo);
  });

  test("a Dockerfile cannot start FROM, or COPY --from, another app's image", async () => {
    for (const dockerfile of [
      `FROM ${victimRepo}:v1\nCMD ["cat", "/app/secret.txt"]\n`,
      `FROM berth/${victim}:v1\n`,
      `FROM berth/runner:latest\nCOPY --from=${victimRepo}:v1 /app/secret.txt /app/stolen.txt\n`,
      `ARG V=${victimRepo}:v1\nFROM $V\n`,
    ]) {
      const result = await build(attackerApp, { Dockerfile: dockerfile }, attacker.headers);
      assert.equal(result.status, "failed", `${dockerfile}\n${result.output}`);
      assert.match(result.error, /breaks a rule of this Berth: line \d+: .* which this app may not build from\. A Dockerfile may start from Berth's stack images/);
      assert.equal(result.image, null);
    }
    // Nor by the image's id, which the engine resolves to any local image.
    const { stdout } = await run("docker", ["image", "inspect", `${victimRepo}:v1`, "--format", "{{.Id}}"]);
    const byId = await build(attackerApp, { Dockerfile: `FROM ${stdout.trim().replace("sha256:", "").slice(0, 12)}\n` }, attacker.headers);
    assert.equal(byId.status, "failed", byId.output);
    assert.match(byId.error, /may not build from/);
  });

  test("an app builds on its own earlier images", async () => {
    const first = await build(attackerApp, { Dockerfile: "FROM berth/runner:latest\nRUN echo one > /app/one.txt\nCMD [\"python3 -m http.server $PORT\"]\n" }, attacker.headers);
    assert.equal(first.status, "succeeded", first.output);
    const own = first.image!.slice(0, first.image!.lastIndexOf(":"));
    const second = await build(attackerApp, { Dockerfile: `FROM ${first.image}\nRUN cat /app/one.txt\n` }, attacker.headers);
    assert.equal(second.status, "succeeded", second.output);
    assert.notEqual(own, victimRepo);
  });

  test("app names that are Berth's own are refused, and nothing is made", async () => {
    for (const name of ["stack", "runner", "builder", "addon-redis", "addon-redis-calm-4821-net"]) {
      const res = await api("POST", "/api/v1/apps", { name }, attacker.headers);
      assert.equal(res.status, 422, `${name}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, new RegExp(`${name} is reserved for Berth itself`));
    }
    const { stdout } = await run("docker", ["images", "-q", "berth/stack"]);
    assert.notEqual(stdout.trim(), "", "Berth's stack images are still there");
  });

  test("USER naming uid 0 under another name is refused; USER 0000 and root run as the app user", async () => {
    const disguised = await build(
      attackerApp,
      { Dockerfile: "FROM berth/runner:latest\nUSER root\nRUN echo 'toor:x:0:0::/root:/bin/sh' >> /etc/passwd\nUSER toor\nCMD [\"python3 -m http.server $PORT\"]\n" },
      attacker.headers,
    );
    assert.equal(disguised.status, "failed", disguised.output);
    assert.match(disguised.error, /USER toor is uid 0 \(root\) in its \/etc\/passwd; Berth never runs apps as root/);
    const zeros = await build(attackerApp, { Dockerfile: "FROM berth/runner:latest\nUSER 0000\nCMD [\"python3 -m http.server $PORT\"]\n" }, attacker.headers);
    assert.equal(zeros.status, "succeeded", zeros.output);
    const ran = await api("POST", `/api/v1/apps/${attackerApp}/processes`, { command: "echo uid=$(id -u):$(id -g)" }, attacker.headers);
    assert.equal(ran.status, 201, JSON.stringify(ran.body));
    const text = typeof ran.body === "string" ? ran.body : JSON.stringify(ran.body);
    assert.match(text, /uid=1000:1000/, text);
  });

  test("a Dockerfile cannot ADD a URL: dockerd would fetch it from the host", async () => {
    const { server, port, connections } = await countingServer("127.0.0.1");
    try {
      const result = await build(attackerApp, { Dockerfile: `FROM berth/runner:latest\nADD http://127.0.0.1:${port}/api/v1/apps /x\n` }, attacker.headers);
      assert.equal(result.status, "failed", result.output);
      assert.match(result.error, /ADD http:\/\/127\.0\.0\.1:\d+\/api\/v1\/apps is not allowed: the engine would fetch it from Berth's own host/);
      assert.equal(connections(), 0);
    } finally {
      server.close();
    }
  });

  test("a build's RUN steps reach the internet's package mirrors but not the host", async () => {
    // On every address of the host, as a service listening on 0.0.0.0 would.
    const { server, port, connections } = await countingServer("0.0.0.0");
    const probe = [
      "import socket, struct",
      "gw = [l.split()[2] for l in open('/proc/net/route') if l.split()[1] == '00000000'][0]",
      "ip = socket.inet_ntoa(struct.pack('<L', int(gw, 16)))",
      "s = socket.socket(); s.settimeout(3)",
      `r = s.connect_ex((ip, ${port}))`,
      "print('host-probe', 'reached' if r == 0 else 'blocked')",
    ].join("; ");
    try {
      const result = await build(attackerApp, { Dockerfile: `FROM berth/runner:latest\nRUN python3 -c "${probe}"\nCMD [\"python3 -m http.server $PORT\"]\n` }, attacker.headers);
      assert.equal(result.status, "succeeded", result.output);
      assert.match(result.output, /host-probe blocked/);
      assert.equal(connections(), 0, "the build connected to a service on the host");
    } finally {
      server.close();
    }
  });

  test("a build that fills the disk is stopped at the limit, and leaves nothing behind", async () => {
    const { stdout } = await run("tar", ["-C", path.join(APPS_DIR, "node-disk-hog"), "-czf", "-", "."], { encoding: "buffer" });
    const created = await api("POST", `/api/v1/apps/${attackerApp}/builds`, new Uint8Array(stdout), { "content-type": "application/gzip", ...attacker.headers });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const done = await waitFor(
      "the build to end",
      async () => {
        const b = (await api("GET", `/api/v1/apps/${attackerApp}/builds/${created.body.id}`, undefined, attacker.headers)).body;
        return b.status === "succeeded" || b.status === "failed" ? b : undefined;
      },
      300_000,
    );
    const limit = Number(process.env.BERTH_MAX_BUILD_DISK_MB);
    assert.equal(done.status, "failed");
    assert.match(done.error, new RegExp(`the build wrote \\d+ MB to disk, over this Berth's limit of ${limit} MB per build \\(BERTH_MAX_BUILD_DISK_MB\\)`));
    const left = await run("docker", ["ps", "-aq", "--filter", `label=berth.app=${attackerApp}`, "--filter", "label=berth.kind=build"]);
    assert.equal(left.stdout.trim(), "");
  });

  test("deleting an app removes its images, network, cache, build logs, sources and repository", async () => {
    const repo = await imageRepoOf(attackerApp);
    const id = repo.slice(repo.indexOf("/") + 1);
    const builds = (await api("GET", `/api/v1/apps/${attackerApp}/builds`, undefined, attacker.headers)).body as Array<{ id: string }>;
    const data = process.env.BERTH_DATA_DIR!;
    assert.ok(builds.some((b) => fs.existsSync(path.join(data, "builds", `${b.id}.log`))), "build logs are kept while the app lives");
    assert.equal((await api("DELETE", `/api/v1/apps/${attackerApp}`, undefined, attacker.headers)).status, 204);
    for (const b of builds) assert.ok(!fs.existsSync(path.join(data, "builds", `${b.id}.log`)), `the log of build ${b.id} is gone`);
    assert.ok(!fs.existsSync(path.join(data, "sources", attackerApp)), "its sources are gone");
    assert.ok(!fs.existsSync(path.join(data, "repos", `${attackerApp}.git`)), "its repository is gone");
    assert.equal((await run("docker", ["images", "-q", repo])).stdout.trim(), "");
    assert.equal((await run("docker", ["network", "ls", "-q", "--filter", `name=${process.env.BERTH_INSTANCE}-app-${id}`])).stdout.trim(), "");
    assert.equal((await run("docker", ["volume", "ls", "-q", "--filter", `name=${process.env.BERTH_INSTANCE}-app-${id}`])).stdout.trim(), "");
  });
});
