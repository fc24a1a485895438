// The build timeout: a build still running after BERTH_BUILD_TIMEOUT seconds is stopped, fails
// saying so, and leaves no build container behind. The timeout is one setting of a whole Berth
// instance, and the shared test instance keeps the default 15 minutes: so this file runs itself
// again in a Berth instance of its own (scripts/with-instance.sh) with a short timeout, and there
// deploys a Node.js app whose build script never ends (e2e/apps/node-endless-build).
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { api, APPS_DIR, createApp, waitFor } from "../support/berth.ts";

const run = promisify(execFile);
// long enough for a cold build to reach the build script on a busy machine, short enough to wait for
const TIMEOUT_SECONDS = 45;
const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Whether something accepts connections on a local port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

if (process.env.BERTH_TIMEOUT_TEST_INSTANCE !== "1") {
  test(`a build is stopped after BERTH_BUILD_TIMEOUT (in an instance of its own, with ${TIMEOUT_SECONDS} s)`, async () => {
    // The inner instance takes the first ports nothing listens on. This instance's router may not
    // listen yet (its workers start HAProxy after the API answers), and HAProxy binds with
    // SO_REUSEPORT: both routers would share a port, and requests would reach the wrong one.
    const routerPorts = [process.env.BERTH_ROUTER_PORT, process.env.BERTH_ROUTER_TLS_PORT].map(Number).filter((port) => port > 0);
    await waitFor("this instance's router to listen", async () => (await Promise.all(routerPorts.map(listening))).every(Boolean));
    // (without NODE_TEST_CONTEXT, which would make the inner run report to this one's runner instead)
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const child = spawn("bash", ["scripts/with-instance.sh", process.execPath, "--import", "tsx", "--test", import.meta.filename], {
      cwd: ROOT,
      env: { ...env, BERTH_BUILD_TIMEOUT: String(TIMEOUT_SECONDS), BERTH_TIMEOUT_TEST_INSTANCE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0, output);
    // the inner run must have run its test, not skipped it
    assert.match(output, /^# pass 1$/m, output);
  });
} else {
  test("the build of an app whose build script never ends", async () => {
    const app = await createApp("bp-endless");
    try {
      const { stdout } = await run("tar", ["-C", path.join(APPS_DIR, "node-endless-build"), "-czf", "-", "."], { encoding: "buffer" });
      const upload = await api("POST", `/api/v1/apps/${app}/builds`, new Uint8Array(stdout), { "content-type": "application/gzip" });
      assert.equal(upload.status, 201, JSON.stringify(upload.body));
      const log = String((await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}/output`, undefined, { accept: "text/plain" })).body);
      const build = (await api("GET", `/api/v1/apps/${app}/builds/${upload.body.id}`)).body;
      assert.equal(build.status, "failed", log);
      // the build got as far as the never-ending step before the timeout stopped it
      assert.match(log, /^ {7}building for ever$/m);
      assert.deepEqual(
        log.split("\n").filter((line) => line.startsWith(" !     ")),
        [` !     Build failed: the build took longer than ${TIMEOUT_SECONDS} s and was stopped`],
        log,
      );
      assert.ok(build.durationSeconds >= TIMEOUT_SECONDS && build.durationSeconds < TIMEOUT_SECONDS + 30, `took ${build.durationSeconds} s`);
      assert.deepEqual((await api("GET", `/api/v1/apps/${app}/releases`)).body, []);
      await waitFor("the build container to go", async () => {
        const { stdout: left } = await run("docker", ["ps", "-aq", "--filter", `label=berth.app=${app}`, "--filter", "label=berth.kind=build"]);
        return left.trim() === "";
      }, 15_000);
    } finally {
      await api("DELETE", `/api/v1/apps/${app}`);
    }
  });
}
