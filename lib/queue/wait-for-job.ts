// Waiting, bounded, for a job another process runs: its return value, or its error. One
// QueueEvents (one blocking Redis connection) per queue and process, made on first use and
// shared by every waiter; each waiter's listeners and timer go when it ends, however it ends.
import { Job, QueueEvents } from "bullmq";
import { settings } from "../env.ts";
import { connectRedis } from "../redis.ts";
import { queue, type QueueName } from "./queues.ts";

const globalForEvents = globalThis as unknown as { berthQueueEvents?: Map<string, QueueEvents> };

function queueEvents(name: QueueName): QueueEvents {
  const all = (globalForEvents.berthQueueEvents ??= new Map());
  let events = all.get(name);
  if (!events) {
    events = new QueueEvents(name, { connection: connectRedis(), prefix: settings.instance });
    // Waiters come and go; one per job id is listening at a time, each for its own event names.
    events.setMaxListeners(0);
    events.on("error", (err: Error) => console.error(`[${name}] queue events:`, err.message));
    all.set(name, events);
  }
  return events;
}

export class JobWaitTimedOut extends Error {}

/**
 * Resolves with the job's return value once it completes, rejects with its failure reason once
 * it fails, or with JobWaitTimedOut after `timeoutMs` (the job itself goes on). The job's state
 * is read once the listeners are on, so a job that ended before the wait began is not missed.
 */
export function waitForJob<T>(name: QueueName, jobId: string, timeoutMs: number): Promise<T> {
  const events = queueEvents(name);
  // Per-job event names (`completed:<id>`) are emitted by QueueEvents but not in its typed listeners.
  const emitter = events as unknown as NodeJS.EventEmitter;
  return new Promise<T>((resolve, reject) => {
    const completed = `completed:${jobId}`;
    const failed = `failed:${jobId}`;
    let ended = false;
    const end = (fn: () => void) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      emitter.off(completed, onCompleted);
      emitter.off(failed, onFailed);
      fn();
    };
    const onCompleted = ({ returnvalue }: { returnvalue: unknown }) => end(() => resolve(returnvalue as T));
    const onFailed = ({ failedReason }: { failedReason: string }) => end(() => reject(new Error(failedReason)));
    const timer = setTimeout(() => end(() => reject(new JobWaitTimedOut(`no answer within ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
    emitter.on(completed, onCompleted);
    emitter.on(failed, onFailed);
    void (async () => {
      await events.waitUntilReady();
      const job = await Job.fromId(queue(name), jobId);
      if (!job) return end(() => reject(new Error(`job ${jobId} is gone from the ${name} queue`)));
      const state = await job.getState();
      if (state === "completed") onCompleted({ returnvalue: job.returnvalue });
      else if (state === "failed") onFailed({ failedReason: job.failedReason });
    })().catch((err: Error) => end(() => reject(err)));
  });
}
