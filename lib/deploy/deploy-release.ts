// The run stage of a release: its release command (Procfile `release:`) once, then a rollout of
// the formation onto it. A failure anywhere marks the release failed and leaves what serves —
// the previous release — untouched.
import { db } from "../db.ts";
import { releaseDeployLock, releaseDeployLockWith } from "../apps/deploy-lock.ts";
import { appUrl } from "../apps/apps.ts";
import { buildLogWriter, endBuildLog, type BuildLog } from "../builds/build-log.ts";
import { appImageRepo, appObjectName, LABEL } from "../docker/labels.ts";
import { runtimeFor } from "../docker/container-runtime.ts";
import { scheduler } from "../scheduler/index.ts";
import { pruneBuildImages } from "../builds/prune-build-images.ts";
import { recordEvent } from "../logs/record-event.ts";
import { runOneOff } from "../processes/one-off.ts";
import { joinAttachedAddons } from "../addons/attachments.ts";
import { currentRelease, UNBUILT, UNBUILT_NOTE } from "../releases/create-release.ts";
import { runPostdeploy } from "../manifest/run-postdeploy.ts";
import { waitForAddons } from "./wait-for-addons.ts";
import { runnableRelease } from "./app-containers.ts";
import { rollout, RolloutFailed } from "./rollout.ts";

const silentLog: BuildLog = { line: () => undefined, flush: async () => undefined };

export async function deployRelease(releaseId: string, buildLogId?: string): Promise<void> {
  const log = buildLogId ? buildLogWriter(buildLogId) : silentLog;
  const release = await db.release.findUnique({ where: { id: releaseId }, include: { app: true, build: true, config: true } });
  if (!release) return; // deleted with its app
  const holder = buildLogId ?? releaseId;
  let outcome = "failed";
  let unlocked = false;
  let finished = false;
  // The release's outcome and the app's lock change together, so a client polling the release
  // never sees it finished and then gets "another deploy is in progress".
  const settle = async (data: { status: "succeeded" } | { status: "failed" | typeof UNBUILT; error: string }) => {
    await releaseDeployLockWith(release.appId, holder, db.release.update({ where: { id: releaseId }, data: { ...data, finishedAt: new Date() } }));
    unlocked = true;
  };
  // Ends the push's output and frees the app for the next deploy. Runs once the release is live
  // (old containers, already out of the router, then stop on their own time) or has failed.
  const finish = async () => {
    if (finished) return;
    finished = true;
    // Not settled (an error was thrown, or a retried job): free the app before the push's output
    // ends, so whoever has seen the outcome can deploy again at once.
    if (!unlocked) await releaseDeployLock(release.appId, holder);
    await log.flush();
    if (buildLogId) await endBuildLog(buildLogId, outcome);
  };
  const fail = async (reason: string) => {
    log.line(` !     Release v${release.version} failed: ${reason}`);
    await recordEvent(release.appId, `Release v${release.version} failed: ${reason}`);
    await settle({ status: "failed", error: reason });
    log.line(`       v${release.version} is marked failed; the previous release keeps serving`);
  };
  try {
    // A retried job, or a release with nothing to run (made before any build succeeded).
    if (release.status === "succeeded" || release.status === "failed" || release.status === UNBUILT) return;
    if (!release.build) {
      // Made before any build succeeded: the config is kept for the first build to run with.
      await settle({ status: UNBUILT, error: UNBUILT_NOTE });
      return;
    }
    if (!release.build.image) return await fail("its build has no image to run");
    await db.release.update({ where: { id: releaseId }, data: { status: "deploying" } });
    await recordEvent(release.appId, `Deploying v${release.version}: ${release.summary}`);
    const app = release.app;
    // The v<N> tag is a name for people and FROM lines, on the engine that built it; the hosts
    // that run it get the build's image (from the registry, with several hosts).
    await Promise.all([
      scheduler().buildHost().then((host) => runtimeFor(host).tagImage(release.build!.image!, appImageRepo(app.id), `v${release.version}`)),
      scheduler().publishImage(release.build.image),
      scheduler().ensureNetwork(appObjectName(app.id), { [LABEL.app]: app.name, [LABEL.kind]: "network" }),
    ]);
    await joinAttachedAddons(app);
    const run = runnableRelease(release);
    // Its config already names add-ons still being made (their vars exist from the start).
    const notReady = await waitForAddons(app.id, log);
    if (notReady) return await fail(notReady);

    const releaseCommand = run.processTypes.release;
    if (releaseCommand) {
      log.line(`-----> Running release command: ${releaseCommand}`);
      const lines = lineSplitter((line) => log.line(`       ${line}`));
      const exitCode = await runOneOff(run, { kind: "release", command: releaseCommand, onOutput: lines.push }).catch((err: Error) => {
        lines.end();
        return err.message;
      });
      lines.end();
      if (exitCode !== 0) return await fail(typeof exitCode === "string" ? `the release command failed: ${exitCode}` : `the release command exited with code ${exitCode}`);
    }

    // app.json's postdeploy runs after the app's first release to go live, once.
    const postdeploy = release.build.postdeploy && !(await currentRelease(app.id)) ? release.build.postdeploy : null;
    let live;
    try {
      live = await rollout({ run, healthcheck: { path: app.healthcheckPath, timeoutSeconds: app.healthcheckTimeout }, log });
    } catch (err) {
      if (err instanceof RolloutFailed) return await fail(err.message);
      throw err;
    }
    await settle({ status: "succeeded" });
    outcome = "succeeded";
    log.line(`-----> Released v${release.version}`);
    await recordEvent(release.appId, `Release v${release.version} is live`);
    log.line(`       ${appUrl(app.name)} deployed to Berth`);
    if (postdeploy) await runPostdeploy({ run, build: { id: release.build.id, postdeploy }, log, lines: lineSplitter((line) => log.line(`       ${line}`)) });
    await finish();
    await live.drain();
    // Images no kept release needs go, here and wherever the scheduler copied them.
    await pruneBuildImages(release.appId).catch((err: Error) => console.error(`pruning the images of ${app.name} failed: ${err.message}`));
  } finally {
    await finish();
  }
}

/** Turns streamed output into whole lines. */
export function lineSplitter(onLine: (line: string) => void) {
  let rest = "";
  return {
    push: (chunk: string) => {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? "";
      for (const part of parts) onLine(part);
    },
    end: () => {
      if (rest) onLine(rest);
      rest = "";
    },
  };
}
