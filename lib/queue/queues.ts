// The pipeline's BullMQ queues. Jobs carry ids only; payloads are parsed again in the worker.
import crypto from "node:crypto";
import { Queue, type JobsOptions } from "bullmq";
import { z } from "zod";
import { settings } from "../env.ts";
import { connectRedis } from "../redis.ts";

export const buildJob = z.object({ buildId: z.string().min(1) });
export const deployJob = z.object({ releaseId: z.string().min(1), buildLogId: z.string().min(1).optional() });

/** Makes an app's containers match its current release and formation; `replace` restarts those. */
/** The app's newest config, released once the app is free (see changeConfigVarsSoon). */
export const applyConfigJob = z.object({ appId: z.string().min(1), actor: z.string(), summary: z.string() });
export const convergeJob = z.object({ appId: z.string().min(1), replace: z.array(z.string().min(1)).optional(), reason: z.string() });

/** Add-on work: provision {addonId}, backup {backupId}, restore {backupId}, and the minutely sweep (backup schedule, abandoned work). */
export const addonJob = z.discriminatedUnion("name", [
  z.object({ name: z.literal("provision"), addonId: z.string().min(1) }),
  z.object({ name: z.literal("backup"), backupId: z.string().min(1) }),
  z.object({ name: z.literal("restore"), backupId: z.string().min(1) }),
  z.object({ name: z.literal("sweep") }),
]);
export type AddonJob = z.infer<typeof addonJob>;

/**
 * Router work, done by the router host (the process that runs HAProxy): `sync` applies the
 * database's state (coalesced, see lib/router/coalesce-applies.ts); the checks validate a
 * candidate config without applying it. The checks carry their candidate, which is stored
 * nowhere else: a certificate's private key travels sealed.
 */
const routerServer = z.object({ name: z.string().min(1), address: z.string(), port: z.number().int() });
export const routerJob = z.discriminatedUnion("name", [
  z.object({ name: z.literal("sync"), ticket: z.number().int().positive() }),
  z.object({ name: z.literal("check-switch"), app: z.string().min(1), add: z.array(routerServer), remove: z.array(routerServer) }),
  z.object({ name: z.literal("check-certificate"), hostname: z.string().min(1), certificate: z.string().min(1), sealedKey: z.string().min(1) }),
]);
export type RouterJob = z.infer<typeof routerJob>;

export const QUEUE = { build: "build", deploy: "deploy", addon: "addon", router: "router" } as const;
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

/** Never deduplicated: a job already past reading the newest config would miss a later change. */
export async function enqueueApplyConfig(job: z.infer<typeof applyConfigJob>): Promise<void> {
  await queue(QUEUE.deploy).add("apply-config", applyConfigJob.parse(job), once);
}

/** With `dedupe`, a converge already waiting for the app makes this one a no-op. */
export async function enqueueConverge(job: z.infer<typeof convergeJob>, opts: { dedupe?: boolean } = {}): Promise<void> {
  const dedupe: JobsOptions = opts.dedupe ? { jobId: `converge-${job.appId}`, removeOnComplete: true, removeOnFail: true } : {};
  await queue(QUEUE.deploy).add("converge", convergeJob.parse(job), { ...once, ...dedupe });
}

/** Each job id says what it is for, so the same provisioning or backup is never queued twice. */
export async function enqueueAddonJob(job: AddonJob, jobId: string): Promise<void> {
  await queue(QUEUE.addon).add(job.name, addonJob.parse(job), { ...once, jobId });
}

/** The add-ons' sweep, once a minute (a job scheduler: one per queue, however many workers). */
export async function scheduleAddonSweep(): Promise<void> {
  await queue(QUEUE.addon).upsertJobScheduler("addon-sweep", { every: 60_000 }, { name: "sweep", data: { name: "sweep" }, opts: { removeOnComplete: 10, removeOnFail: 100 } });
}

/**
 * A router job; returns its id, to wait for. A sync's id is its ticket. Checks come after any
 * waiting sync (BullMQ serves jobs without a priority first): a burst of candidates to check
 * never holds up the applies that rollouts wait for.
 */
export async function enqueueRouterJob(job: RouterJob): Promise<string> {
  const parsed = routerJob.parse(job);
  const jobId = parsed.name === "sync" ? `router-sync-${parsed.ticket}` : `router-${parsed.name}-${crypto.randomUUID()}`;
  // Kept a while after they end, so a waiter that looks late still finds the outcome.
  const kept: JobsOptions = { attempts: 1, removeOnComplete: { age: 600, count: 1000 }, removeOnFail: { age: 600, count: 1000 } };
  await queue(QUEUE.router).add(parsed.name, parsed, { ...kept, jobId, ...(parsed.name === "sync" ? {} : { priority: 1 }) });
  return jobId;
}
