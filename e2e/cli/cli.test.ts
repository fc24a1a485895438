// The berth CLI drives a whole deploy cycle against the test instance — login, apps:create (with
// its git remote), git push, config:set, ps:scale, logs, run, releases, rollback, apps:destroy —
// then maintenance, certificates and access on an app of their own, asserting output and exit
// codes; bad input exits non-zero with one line on stderr.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { api, BASE, commitAll, git, requestViaRouter, sampleRepo, uniqueName, waitFor } from "../support/berth.ts";
import { berth as runBerth, CLI, type CliResult } from "../support/cli.ts";
import { certificateFactory } from "../support/certificates.ts";


type Result = CliResult;

/** Runs `berth ARGS` with its own config folder, in `cwd`, with `input` on stdin. */
const berth = (args: string[], opts: { cwd?: string; input?: string; configDir: string; env?: Record<string, string> }): Promise<Result> =>
  runBerth(args, { cwd: opts.cwd, input: opts.input, env: { BERTH_CONFIG_DIR: opts.configDir, ...opts.env } });

/** Runs a following command until a line of its output matches, then sends it SIGINT. */
function followUntilLine(args: string[], opts: { cwd: string; configDir: string }, line: RegExp): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BERTH_CONFIG_DIR: opts.configDir, BERTH_URL: "", BERTH_TOKEN: "", BERTH_APP: "" };
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      if (line.test(stdout)) child.kill("SIGINT");
    });
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
  });
}

/** A failure: the expected exit code and exactly one line on stderr matching `message`. */
function assertFails(r: Result, code: number, message: RegExp) {
  assert.equal(r.code, code, `exit code; stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
  assert.match(lines[0]!, /^berth: /);
  assert.match(lines[0]!, message);
}

describe("berth CLI", { concurrency: false }, () => {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-cli-"));
  const app = uniqueName("cli");
  let repo: string;
  const cli = (args: string[], extra: { input?: string } = {}) => berth(args, { cwd: repo, configDir, ...extra });

  before(async () => {
    repo = await sampleRepo("log-ticker");
    // An image of its own: Docker gives byte-identical builds one image id, and deleting an app
    // removes its images by id, which fails while another app runs the same one.
    fs.appendFileSync(path.join(repo, "ticker.py"), `# ${app}\n`);
    await commitAll(repo, "own image");
  });
  after(async () => {
    await cli(["apps:destroy", "--app", app, "--confirm", app]);
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(configDir, { recursive: true, force: true });
  });

  test("a whole deploy cycle: login, create, push, config, scale, logs, run, rollback, destroy", async () => {
    const login = await cli(["login", "--url", BASE, "--username", "admin", "--password-stdin"], { input: `${process.env.BERTH_ADMIN_PASSWORD}\n` });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /Logged in to .* as admin/);
    const stored = path.join(configDir, "config.json");
    assert.equal(fs.statSync(stored).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(configDir, "git-credentials")).mode & 0o777, 0o600);

    const created = await cli(["apps:create", app]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), `http://${app}.berth.localhost:${process.env.BERTH_ROUTER_PORT}/ | ${BASE}/git/${app}.git`);
    assert.match(created.stderr, /git remote berth added/);
    const remote = (await git(repo, "remote", "get-url", "berth")).stdout.trim();
    assert.equal(remote, `${BASE}/git/${app}.git`, "the remote holds no token");

    // git finds the token through the helper apps:create configured.
    const pushed = await git(repo, "push", "berth", "HEAD:main");
    assert.match(pushed.stderr, /Released v1/);

    const set = await cli(["config:set", "GREETING=hello world", "TICK_MS=200"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /^Set GREETING, TICK_MS and restarting cli-\S+\.\.\. done, v2$/m);
    assert.deepEqual(JSON.parse((await cli(["config", "--json"])).stdout), { GREETING: "hello world", TICK_MS: "200" });
    assert.equal((await cli(["config:get", "GREETING"])).stdout, "hello world\n");

    const scaled = await cli(["ps:scale", "web=2"]);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.match(scaled.stderr, /Scaling cli-\S+: web=2:standard\.\.\. done/);
    await waitFor("two web processes up", async () => {
      const ps = JSON.parse((await cli(["ps", "--json"])).stdout) as Array<{ name: string; state: string; release: number }>;
      return ps.filter((p) => p.name.startsWith("web.") && p.state === "up" && p.release === 2).length === 2;
    });
    const table = await cli(["ps"]);
    assert.match(table.stdout, /^PROCESS +STATE +RELEASE +SIZE +RESTARTS +STARTED$/m);
    assert.match(table.stdout, /^web\.2 +up +v2 +standard +0 /m);

    const logs = await waitFor("ticks of both web processes in berth logs", async () => {
      const r = await cli(["logs", "-n", "200", "--source", "app"]);
      return r.code === 0 && /app\[web\.1\]: tick web\.1 /.test(r.stdout) && /app\[web\.2\]: tick web\.2 /.test(r.stdout) ? r : undefined;
    });
    assert.ok(logs.stdout.trimEnd().split("\n").every((l) => /^\S+Z app\[web\.\d\]: (tick|burst) /.test(l)), logs.stdout);
    const json = await cli(["logs", "-n", "3", "--process", "web.1", "--json"]);
    const lines = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { process: string; source: string });
    assert.ok(lines.length === 3 && lines.every((l) => l.process === "web.1"), json.stdout);
    // -t follows until Ctrl-C, which ends it with 130.
    const followed = await followUntilLine(["logs", "-t", "-n", "0", "-p", "web.2"], { cwd: repo, configDir }, /app\[web\.2\]: tick web\.2 /);
    assert.equal(followed.code, 130, followed.stderr);
    const events = await cli(["logs", "-n", "20", "-s", "berth"]);
    assert.match(events.stdout, /berth\[api\]: admin scaled web to 2:standard/);

    const ran = await cli(["run", "echo $GREETING; exit 7"]);
    assert.equal(ran.code, 7, ran.stderr);
    assert.equal(ran.stdout, "hello world\n");

    const rolled = await cli(["rollback"]);
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.match(rolled.stderr, /Rolling back cli-\S+ to v1\.\.\. done, v3/);
    await waitFor("v3 live", async () => {
      const releases = JSON.parse((await cli(["releases", "--json"])).stdout) as Array<{ version: number; status: string }>;
      return releases[0]?.version === 3 && releases[0].status === "succeeded";
    });
    assert.deepEqual(JSON.parse((await cli(["config", "--json"])).stdout), {}, "v1's config again");
    assert.match((await cli(["releases"])).stdout, /^v3 +succeeded +admin rolled back to v1 /m);

    assertFails(await cli(["apps:destroy"]), 2, new RegExp(`confirm with --confirm ${app}`));
    const destroyed = await cli(["apps:destroy", "--confirm", app]);
    assert.equal(destroyed.code, 0, destroyed.stderr);
    assert.match((await git(repo, "remote")).stdout, /^$/, "the berth remote is gone with the app");
    assertFails(await cli(["apps:info", "--app", app]), 1, new RegExp(`no app named ${app}`));
  });

  test("maintenance, certificates and access", async () => {
    const other = uniqueName("cli-ops");
    const hostname = `${other}.example.test`;
    const certs = certificateFactory();
    const files = fs.mkdtempSync(path.join(os.tmpdir(), "berth-cli-pem-"));
    const on = (args: string[]) => cli([...args, "--app", other]);
    try {
      assert.equal((await cli(["apps:create", other, "--no-remote"])).code, 0);

      assert.equal((await on(["maintenance"])).stdout, "off\n");
      const enabled = await on(["maintenance:on"]);
      assert.equal(enabled.code, 0, enabled.stderr);
      assert.match(enabled.stderr, new RegExp(`^Enabled maintenance mode for ${other}$`, "m"));
      assert.equal((await on(["maintenance"])).stdout, "on\n");
      const page = await requestViaRouter(other);
      assert.equal(page.status, 503);
      assert.match(page.body, /is offline for maintenance/);
      assert.match((await on(["maintenance:off"])).stderr, /Disabled maintenance mode/);
      assert.doesNotMatch((await requestViaRouter(other)).body, /offline for maintenance/);
      assert.deepEqual(JSON.parse((await on(["maintenance", "--json"])).stdout), { app: other, maintenance: false });

      assert.equal((await on(["domains:add", hostname])).code, 0);
      const pem = await certs.make({ names: [hostname] });
      const wrongKey = await certs.make({ names: [hostname] });
      fs.writeFileSync(path.join(files, "cert.pem"), pem.cert);
      fs.writeFileSync(path.join(files, "key.pem"), pem.key, { mode: 0o600 });
      fs.writeFileSync(path.join(files, "wrong.pem"), wrongKey.key, { mode: 0o600 });
      const added = await on(["certs:add", hostname, path.join(files, "cert.pem"), path.join(files, "key.pem"), "--redirect-https"]);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stderr, new RegExp(`^Added a certificate for ${hostname.replaceAll(".", "\\.")}, valid until \\d{4}-\\d\\d-\\d\\d`, "m"));
      const listed = JSON.parse((await on(["certs", "--json"])).stdout) as Array<{ hostname: string; certificate: { names: string[] } }>;
      assert.deepEqual(listed.map((d) => [d.hostname, d.certificate.names]), [[hostname, [hostname]]]);
      assertFails(await on(["certs:add", hostname, path.join(files, "missing.pem"), path.join(files, "key.pem")]), 2, /cannot read the certificate .*missing\.pem: ENOENT/);
      assertFails(await on(["certs:add", hostname, path.join(files, "cert.pem"), path.join(files, "wrong.pem")]), 1, /key/i);
      assert.equal((await on(["certs:remove", hostname])).code, 0);
      assert.match((await on(["certs"])).stderr, /No certificates/);

      const username = `clicollab${Date.now() % 1_000_000}`;
      const invitation = await api("POST", "/api/v1/invitations", {});
      assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username, password: `pw-${Date.now()}-cli-collab` })).status, 201);
      const shared = await on(["access:add", username]);
      assert.equal(shared.code, 0, shared.stderr);
      assert.match(shared.stderr, new RegExp(`Added ${username} to ${other} as a collaborator`));
      assert.match((await on(["access"])).stdout, new RegExp(`^admin +owner *\\n${username} +collaborator +`, "m"));
      assertFails(await on(["access:add", "nobody-by-this-name"]), 1, /nobody-by-this-name/);
      assert.equal((await on(["access:remove", username])).code, 0);
      assert.deepEqual(JSON.parse((await on(["access", "--json"])).stdout).collaborators, []);
    } finally {
      await cli(["apps:destroy", "--app", other, "--confirm", other]);
      certs.remove();
      fs.rmSync(files, { recursive: true, force: true });
    }
  });

  test("bad input: exit codes scripts can trust and one line that says what to do", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "berth-cli-bad-"));
    const fresh = (args: string[]) => berth(args, { cwd: scratch, configDir: path.join(scratch, "config") });
    try {
      assertFails(await fresh(["apps"]), 1, /not logged in: run `berth login`/);
      assertFails(await cli(["apps:info", "--app", "nope-nothing-here"]), 1, /no app named nope-nothing-here/);
      assertFails(await cli(["config:set", "NOEQUALS", "--app", "whatever"]), 2, /"NOEQUALS" is not KEY=value/);
      assertFails(await cli(["config:set", "1BAD=x", "--app", "whatever"]), 2, /is not KEY=value/);
      assertFails(await cli(["ps:scale", "web=-1", "--app", "whatever"]), 2, /web cannot run -1 processes/);
      assertFails(await cli(["ps:scale", "web", "--app", "whatever"]), 2, /is not TYPE=N/);
      assertFails(await cli(["rollback", "vX", "--app", "whatever"]), 2, /not a release like v3/);
      assertFails(await cli(["frobnicate"]), 2, /"frobnicate" is not a berth command/);
      assertFails(await cli(["apps", "--colour"]), 2, /unknown flag --colour/);
      assertFails(await cli(["logs", "--app", "whatever", "-n", "many"]), 2, /--num must be a whole number/);
      assertFails(await berth(["ps"], { cwd: scratch, configDir }), 2, /which app\? use --app NAME/);
      assertFails(await berth(["apps"], { cwd: scratch, configDir: path.join(scratch, "c2"), env: { BERTH_URL: "http://127.0.0.1:1", BERTH_TOKEN: "x" } }), 1, /cannot reach Berth at http:\/\/127\.0\.0\.1:1/);
      assertFails(await berth(["apps"], { cwd: scratch, configDir: path.join(scratch, "c3"), env: { BERTH_URL: BASE, BERTH_TOKEN: "wrong" } }), 1, /run `berth login`/);
      const wrongPassword = await fresh(["login", "--url", BASE, "-u", "admin", "--password-stdin"]);
      assertFails(wrongPassword, 2, /give a username and a password/);
      const help = await cli(["help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^ {2}ps:scale TYPE=N\[:SIZE\]\.\.\. +set how many processes/m);
      assert.match((await cli(["logs", "--help"])).stdout, /-t, --tail/);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
