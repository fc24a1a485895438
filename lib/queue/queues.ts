// The pipeline's BullMQ queues. Jobs carry ids only; payloads are parsed again in the worker.
import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import { settings } from "../env.ts";
import { connectRedis } from "../redis.ts";

export const buildJob = z.object({ buildId: z.string().min(1) });
export const deployJob = z.object({ releaseId: z.string().min(1), buildLogId: z.string().min(1).optional() });

/** Makes an app's containers match its current release and formation; `replace` restarts those. */
export const convergeJob = z.object({ appId: z.string().min(1), replace: z.array(z.string().min(1)).optional(), reason: z.string() });

export const QUEUE = { build: "build", deploy: "deploy" } as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

const globalForQueues = globalThis as unknown as { berthQueues?: Map<string, Queue> };

export function queue(name: QueueName): Queue {
  const queues = (globalForQueues.berthQueues ??= new Map());
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: connectRedis(), prefix: settings.instance });
    queues.set(name, q);
  }
  return q;
}

const once: JobsOptions = { attempts: 1, removeOnComplete: 1000, removeOnFail: 1000 };

export async function enqueueBuild(buildId: string): Promise<void> {
  await queue(QUEUE.build).add("build", buildJob.parse({ buildId }), { ...once, jobId: `build-${buildId}` });
}

export async function enqueueDeploy(releaseId: string, buildLogId?: string): Promise<void> {
  await queue(QUEUE.deploy).add("deploy", deployJob.parse({ releaseId, buildLogId }), { ...once, jobId: `deploy-${releaseId}` });
}

/** With `dedupe`, a converge already waiting for the app makes this one a no-op. */
export async function enqueueConverge(job: z.infer<typeof convergeJob>, opts: { dedupe?: boolean } = {}): Promise<void> {
  const dedupe: JobsOptions = opts.dedupe ? { jobId: `converge-${job.appId}`, removeOnComplete: true, removeOnFail: true } : {};
  await queue(QUEUE.deploy).add("converge", convergeJob.parse(job), { ...once, ...dedupe });
}
