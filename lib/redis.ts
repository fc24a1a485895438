// Redis connections. BullMQ needs its own with maxRetriesPerRequest: null; blocking reads need their own too.
import { Redis } from "ioredis";
import { settings } from "./env.ts";

export function connectRedis(): Redis {
  return new Redis(settings.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

const globalForRedis = globalThis as unknown as { berthRedis?: Redis };

/** The shared connection for plain commands (never for blocking reads). */
export function redis(): Redis {
  return (globalForRedis.berthRedis ??= connectRedis());
}

/** Every key of this Berth instance starts with this, so instances can share one Redis. */
export const redisKey = (...parts: string[]) => [settings.instance, ...parts].join(":");
