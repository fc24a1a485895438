// The second half of every app repository's pre-receive hook (see pre-receive, which checks the
// pushed refs and uploads the commit): given the upload's HTTP status and answer, it prints the
// pipeline's output as it runs, and rejects the push when the build or the deploy fails.
import fs from "node:fs";

const { BERTH_API: api, BERTH_TOKEN: token, BERTH_APP: app } = process.env;
const [uploadStatus, uploadAnswer] = process.argv.slice(2);

function fail(message) {
  process.stdout.write(` !     ${message}\n`);
  process.exit(1);
}

async function call(path, init = {}) {
  const res = await fetch(`${api}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    fail(body.message ?? `Berth answered ${res.status}`);
  }
  return res;
}

function readAnswer() {
  try {
    return JSON.parse(fs.readFileSync(uploadAnswer, "utf8"));
  } catch {
    return {};
  }
}

async function main() {
  const build = readAnswer();
  const status = Number(uploadStatus);
  if (!(status >= 200 && status < 300)) fail(build.message ?? `Berth answered ${uploadStatus}`);

  const output = await call(`/api/v1/apps/${app}/builds/${build.id}/output`, { headers: { accept: "text/plain" } });
  for await (const chunk of output.body) process.stdout.write(chunk);

  const done = await (await call(`/api/v1/apps/${app}/builds/${build.id}`)).json();
  if (done.status !== "succeeded") fail(`push rejected: the build ${done.status === "failed" ? "failed" : `is ${done.status}`}`);
  if (done.release?.status !== "succeeded") fail(`push rejected: release v${done.release?.version ?? "?"} ${done.release?.status ?? "was not made"}${done.release?.error ? `: ${done.release.error}` : ""}`);
  if (done.postdeploy?.error) fail(`push rejected: ${done.postdeploy.error}`);
}

main().catch((err) => fail(`Berth could not take this push: ${err.message}`));
