// One log collector per Berth instance: two would store every line twice. A collector holds a
// short Redis lease and renews it; every write it makes checks the lease in the same script
// (see fenced-append.ts), so a collector that stalled past its lease cannot write any more.
import crypto from "node:crypto";
import { redis, redisKey } from "../../redis.ts";

const LEASE_MS = 5000;
const lockKey = () => redisKey("logs", "collector-lock");

export interface CollectorLease {
  key: string;
  token: string;
  /** Resolves when the lease was lost (Redis away too long, or taken over). */
  lost: Promise<void>;
  release: () => Promise<void>;
}

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** Waits until this process holds the lease (a killed collector's lease runs out within LEASE_MS). */
export async function acquireCollectorLease(signal?: AbortSignal): Promise<CollectorLease> {
  const key = lockKey();
  const token = crypto.randomUUID();
  while (!(await redis().set(key, token, "PX", LEASE_MS, "NX"))) {
    if (signal?.aborted) throw new Error("stopped while waiting for the collector lease");
    await new Promise((r) => setTimeout(r, 250));
  }
  let onLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (onLost = resolve));
  let lastRenewed = Date.now();
  const timer = setInterval(() => {
    redis()
      .eval(RENEW, 1, key, token, LEASE_MS)
      .then((ok) => {
        if (ok === 1) lastRenewed = Date.now();
        else onLost();
      })
      .catch(() => {
        if (Date.now() - lastRenewed > LEASE_MS) onLost();
      });
  }, LEASE_MS / 5);
  return {
    key,
    token,
    lost,
    release: async () => {
      clearInterval(timer);
      await redis().eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}
