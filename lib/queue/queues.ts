// The pipeline's BullMQ queues. Jobs carry ids only; payloads are parsed again in the worker.
import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import { settings } from "../env.ts";
import { connectRedis } from "../redis.ts";

export const buildJob = z.object({ buildId: z.string().min(1) });
export const deployJob = z.object({ releaseId: z.string().min(1), buildLogId: z.string().min(1).optional() });

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
