// The pre-receive hook of every app repository (plain JS so it starts fast). It uploads the pushed
// commit to Berth's build API with the pusher's own token, prints the pipeline's output as it
// runs, and rejects the push when the build or the deploy fails — as Heroku does.
import { spawn } from "node:child_process";
import { Readable } from "node:stream";

const ZERO = /^0+$/;
const BRANCHES = new Set(["refs/heads/main", "refs/heads/master"]);
const { BERTH_API: api, BERTH_TOKEN: token, BERTH_APP: app } = process.env;

function fail(message) {
  process.stdout.write(` !     ${message}\n`);
  process.exit(1);
}

async function readUpdates() {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text.trim().split("\n").filter(Boolean).map((line) => {
    const [oldSha, newSha, ref] = line.split(" ");
    return { oldSha, newSha, ref };
  });
}

async function call(path, init = {}) {
  const res = await fetch(`${api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    fail(body.message ?? `Berth answered ${res.status}`);
  }
  return res;
}

async function main() {
  if (!api || !token || !app) fail("this repository is only pushed to through Berth");
  const updates = await readUpdates();
  for (const u of updates) {
    if (ZERO.test(u.newSha)) fail(`deleting ${u.ref} is not allowed`);
    if (!BRANCHES.has(u.ref)) fail(`pushed to ${u.ref}: Berth builds only main or master (git push berth HEAD:main)`);
  }
  const target = updates.find((u) => u.ref === "refs/heads/main") ?? updates[0];
  if (!target) return;
  process.stdout.write(`-----> Receiving ${target.newSha.slice(0, 7)} for ${app}\n`);

  // The objects are still in git's quarantine; git archive in this process's environment sees them.
  const archive = spawn("git", ["archive", "--format=tar.gz", target.newSha], { stdio: ["ignore", "pipe", "inherit"] });
  const res = await call(`/api/v1/apps/${app}/builds?commit=${target.newSha}`, {
    method: "POST",
    headers: { "content-type": "application/gzip" },
    body: Readable.toWeb(archive.stdout),
    duplex: "half",
  });
  const build = await res.json();

  const output = await call(`/api/v1/apps/${app}/builds/${build.id}/output`, { headers: { accept: "text/plain" } });
  for await (const chunk of output.body) process.stdout.write(chunk);

  const done = await (await call(`/api/v1/apps/${app}/builds/${build.id}`)).json();
  if (done.status !== "succeeded") fail(`push rejected: the build ${done.status === "failed" ? "failed" : `is ${done.status}`}`);
  if (done.release?.status !== "succeeded") fail(`push rejected: release v${done.release?.version ?? "?"} ${done.release?.status ?? "was not made"}${done.release?.error ? `: ${done.release.error}` : ""}`);
}

main().catch((err) => fail(`Berth could not take this push: ${err.message}`));
