// app.json's scripts.postdeploy: once, as a one-off of the app's first release to go live, its
// output in the deploy's log (Heroku runs it once after an app's first deploy, e.g. to seed a
// database). The release is live by then and stays so; a failing script is recorded on the build
// and rejects the push, as a failed postdeploy fails a Heroku app setup. It is never run again.
import { db } from "../db.ts";
import type { BuildLog } from "../builds/build-log.ts";
import type { RunnableRelease } from "../deploy/app-containers.ts";
import { recordEvent } from "../logs/record-event.ts";
import { runOneOff } from "../processes/one-off.ts";

export async function runPostdeploy(input: {
  run: RunnableRelease;
  build: { id: string; postdeploy: string };
  log: BuildLog;
  /** Whole lines of the script's output, to the log. */
  lines: { push: (chunk: string) => void; end: () => void };
}): Promise<void> {
  const { run, build, log, lines } = input;
  log.line(`-----> Running the app.json postdeploy command: ${build.postdeploy}`);
  const exit = await runOneOff(run, { kind: "postdeploy", command: build.postdeploy, onOutput: lines.push }).catch((err: Error) => err.message);
  lines.end();
  if (exit === 0) {
    log.line("       postdeploy done");
    await recordEvent(run.app.id, "The app.json postdeploy command succeeded");
    return;
  }
  const what = typeof exit === "string" ? `could not run: ${exit}` : `exited with code ${exit}`;
  const error = `the app.json postdeploy command ${what} (v${run.release.version} is live; run it again with \`berth run\` if it should)`;
  log.line(` !     ${error}`);
  await db.build.update({ where: { id: build.id }, data: { postdeployError: error } });
  await recordEvent(run.app.id, error);
}
