// The log collector process (started by scripts/run-berth.sh beside the workers and the web app):
// container output, router access log, build output and drains, and the metrics sampler. Its own
// process, so a burst of builds or deploys in the workers never delays log lines, and a restart
// of either leaves the other running. Writes its pid to the data directory for tools and tests.
import fs from "node:fs";
import { dataPath, settings } from "../lib/env.ts";
import { startCollector } from "../lib/logs/collector/start-collector.ts";

const pidFile = dataPath("log-collector.pid");
const collector = await startCollector();
fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
console.log(`berth log collector running (router log on tcp ${collector.routerLogTarget}, instance ${settings.instance})`);

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await collector.stop();
  if (fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() === String(process.pid)) fs.rmSync(pidFile);
  process.exit(code);
}
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));
// Another collector holds the lease now (this one stalled): stop writing; the supervisor starts a fresh one.
void collector.lease.lost.then(() => {
  console.error("log collector: lost its lease; exiting");
  void shutdown(1);
});
