// The worker process: runs the pipeline's BullMQ processors. Thin: parse the payload, call the domain.
import { Worker, type Processor } from "bullmq";
import type { z } from "zod";
import { settings } from "../lib/env.ts";
import { connectRedis } from "../lib/redis.ts";
import { buildJob, deployJob, QUEUE, type QueueName } from "../lib/queue/queues.ts";
import { runBuild } from "../lib/builds/run-build.ts";
import { deployRelease } from "../lib/deploy/deploy-release.ts";
import { syncRouter } from "../lib/router/sync-router.ts";

function processor<S extends z.ZodTypeAny>(schema: S, handle: (payload: z.infer<S>) => Promise<void>): Processor {
  return async (job) => handle(schema.parse(job.data));
}

function startWorker(name: QueueName, process: Processor, concurrency: number): Worker {
  const worker = new Worker(name, process, { connection: connectRedis(), prefix: settings.instance, concurrency, lockDuration: 60_000 });
  worker.on("failed", (job, err) => console.error(`[${name}] job ${job?.id} failed:`, err));
  worker.on("error", (err) => console.error(`[${name}] worker error:`, err));
  return worker;
}

// The router must serve what the database says even before the first deploy after a restart.
await syncRouter();

const workers = [
  startWorker(QUEUE.build, processor(buildJob, ({ buildId }) => runBuild(buildId)), 2),
  startWorker(QUEUE.deploy, processor(deployJob, ({ releaseId, buildLogId }) => deployRelease(releaseId, buildLogId)), 4),
];
console.log(`berth workers running (${workers.length} queues, instance ${settings.instance})`);

async function shutdown() {
  await Promise.all(workers.map((w) => w.close()));
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
