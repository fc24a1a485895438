// The worker process: runs the pipeline's BullMQ processors and the reconciler. Thin: parse the
// payload, call the domain. It is also the router host: it runs HAProxy and serves the router
// queue, through which every process (this one included) asks for router changes.
import { DelayedError, Worker, type Processor } from "bullmq";
import { settings } from "../lib/env.ts";
import { connectRedis } from "../lib/redis.ts";
import { applyConfigJob, convergeJob, deployJob, QUEUE, routerJob, scheduleAddonSweep, type QueueName } from "../lib/queue/queues.ts";
import { runAddonJob } from "../lib/addons/addon-jobs.ts";
import { runBuild } from "../lib/builds/run-build.ts";
import { runBuildInTurn } from "../lib/limits/build-slots.ts";
import { convergeApp } from "../lib/deploy/converge-app.ts";
import { deployRelease } from "../lib/deploy/deploy-release.ts";
import { applyNewestConfig, RETRY_WHILE_BUSY_MS } from "../lib/releases/apply-newest-config.ts";
import { startReconciler } from "../lib/reconciler/reconciler.ts";
import { startAutoscaler } from "../lib/formation/autoscaler.ts";
import { applyRouterState, runRouterJob } from "../lib/router/router-host.ts";

function startWorker(name: QueueName, process: Processor, concurrency: number): Worker {
  // A job whose worker died (kill -9, a reboot) is noticed within ~20 s and run again; every
  // job is safe to run twice.
  const worker = new Worker(name, process, { connection: connectRedis(), prefix: settings.instance, concurrency, lockDuration: 15_000, stalledInterval: 5_000 });
  worker.on("failed", (job, err) => console.error(`[${name}] job ${job?.id} failed:`, err));
  worker.on("error", (err) => console.error(`[${name}] worker error:`, err));
  return worker;
}

// The router must serve what the database says even before the first deploy after a restart,
// and start even while Redis (the router queue) is away: applied here, by the router host itself.
await applyRouterState();

const workers = [
  // One router job at a time: applies are serialised, and each covers every request before it.
  startWorker(QUEUE.router, async (job) => runRouterJob(routerJob.parse({ ...job.data, name: job.name })), 1),
  // Two builds at once in total; one user's apps get at most BERTH_MAX_BUILDS_PER_USER of them.
  startWorker(QUEUE.build, async (job, token) => runBuildInTurn(job, token, runBuild), 2),
  startWorker(
    QUEUE.deploy,
    async (job, token) => {
      if (job.name === "apply-config") {
        if (await applyNewestConfig(applyConfigJob.parse(job.data))) return;
        // The app is deploying: back to the queue, so this slot serves other apps meanwhile.
        await job.moveToDelayed(Date.now() + RETRY_WHILE_BUSY_MS, token);
        throw new DelayedError();
      }
      if (job.name === "converge") {
        const { appId, replace, reason } = convergeJob.parse(job.data);
        return convergeApp(appId, { replace, reason });
      }
      const { releaseId, buildLogId } = deployJob.parse(job.data);
      return deployRelease(releaseId, buildLogId);
    },
    4,
  ),
  startWorker(QUEUE.addon, async (job) => runAddonJob({ ...job.data, name: job.name }), 4),
];
await scheduleAddonSweep();
const reconciler = startReconciler();
const autoscaler = startAutoscaler();
console.log(`berth workers running (${workers.length} queues, the reconciler and the autoscaler, instance ${settings.instance})`);

async function shutdown() {
  // Running jobs get a few seconds to finish; one still running after that (a deploy waiting on
  // a lock or draining containers) is picked up again after a restart, so exiting is safe.
  setTimeout(() => process.exit(0), 5_000).unref();
  await Promise.all([reconciler.stop(), autoscaler.stop()]);
  await Promise.all(workers.map((w) => w.close()));
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
