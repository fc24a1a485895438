// Redis: Debian's redis-server 7.0. Plans set memory and persistence (a cache keeps nothing; the
// others append every write to a file, fsynced each second). `replicas: N` adds N read-only
// replicas, each its own container, and REDIS_REPLICA_URLS.
import { z } from "zod";
import { strongPassword } from "../credentials.ts";
import type { AddonService, AddonSpec, ContainerRole, Plan } from "./types.ts";

interface RedisPlan extends Plan {
  persistence: "none" | "aof";
  eviction: "noeviction" | "allkeys-lru";
}

const PLANS: readonly RedisPlan[] = [
  { name: "cache", memoryMb: 64, persistence: "none", eviction: "allkeys-lru", description: "64 MB cache: evicts the least recently used keys, starts empty after a restart" },
  { name: "hobby", memoryMb: 128, persistence: "aof", eviction: "noeviction", description: "128 MB, every write appended to disk (fsync each second)" },
  { name: "standard", memoryMb: 512, persistence: "aof", eviction: "noeviction", description: "512 MB, every write appended to disk (fsync each second)" },
  { name: "large", memoryMb: 1024, persistence: "aof", eviction: "noeviction", description: "1 GB, every write appended to disk (fsync each second)" },
];

const PORT = 6379;
const options = z.object({ replicas: z.number().int("replicas is a whole number").min(0, "replicas is 0 to 3").max(3, "replicas is 0 to 3").default(0) }).strict();
const replicaCount = (addon: AddonSpec) => options.parse(addon.options).replicas;
const url = (addon: AddonSpec, host: string) => `redis://:${addon.credentials.password}@${host}:${PORT}`;
const replicaAlias = (addon: AddonSpec, i: number) => `${addon.name}-replica-${i}`;
const auth = (addon: AddonSpec) => ({ REDISCLI_AUTH: addon.credentials.password });

function planOf(addon: AddonSpec): RedisPlan {
  return PLANS.find((p) => p.name === addon.plan.name) ?? PLANS[1]!;
}

export const redis: AddonService = {
  name: "redis",
  software: "Redis 7.0 (Debian redis-server)",
  description: "In-memory key-value store: caches, queues, sessions",
  defaultAs: "REDIS",
  port: PORT,
  dataDir: "/data",
  plans: PLANS,
  defaultPlan: "hobby",
  options,
  optionsHelp: { replicas: "0 to 3 read-only replicas (REDIS_REPLICA_URLS)" },

  newCredentials: () => ({ user: "", password: strongPassword(), database: "" }),

  containers(addon) {
    const plan = planOf(addon);
    const env = {
      REDIS_PASSWORD: addon.credentials.password,
      // Leaves room in the container's limit for the fork of a snapshot and for buffers.
      REDIS_MAXMEMORY: `${Math.floor(plan.memoryMb * 0.75)}mb`,
      REDIS_EVICTION: plan.eviction,
    };
    const primary: ContainerRole = { role: "primary", alias: addon.name, env: { ...env, REDIS_PERSISTENCE: plan.persistence }, persistent: true };
    const replicas = Array.from({ length: replicaCount(addon) }, (_, i): ContainerRole => ({
      role: `replica-${i + 1}`,
      alias: replicaAlias(addon, i + 1),
      env: { ...env, REDIS_PERSISTENCE: "none", REDIS_PRIMARY: addon.name },
      persistent: false,
    }));
    return [primary, ...replicas];
  },

  configVars(addon) {
    const n = replicaCount(addon);
    const vars: Record<string, string> = { URL: url(addon, addon.name) };
    if (n > 0) vars.REPLICA_URLS = Array.from({ length: n }, (_, i) => url(addon, replicaAlias(addon, i + 1))).join(",");
    return vars;
  },

  readyCheck: (addon) => ({ cmd: ["redis-cli", "--no-auth-warning", "-h", "127.0.0.1", "ping"], env: auth(addon), expect: /^PONG/ }),

  backup: {
    extension: ".rdb",
    contentType: "application/octet-stream",
    async dump(addon, primary, out) {
      // --rdb asks for the snapshot a new replica would get (a forked, consistent BGSAVE). To a
      // file, not to stdout: on stdout redis-cli leaves the transfer's end marker in the dump.
      const script = 'set -e; f=/tmp/berth-backup.rdb; trap \'rm -f "$f"\' EXIT; redis-cli --no-auth-warning --rdb "$f" >&2; cat "$f"';
      await primary.run({ cmd: ["sh", "-c", script], env: auth(addon), stdout: out });
    },
  },

  async restore(addon, primary, dump) {
    // The start script swaps restore.rdb in before redis-server starts (see addons/redis). It is
    // checked first: a snapshot Redis cannot load would leave it unable to start.
    const script = "set -e; p=/data/restore.rdb.part; trap 'rm -f \"$p\"' EXIT; cat >\"$p\"; redis-check-rdb \"$p\" >&2; mv -f \"$p\" /data/restore.rdb";
    await primary.run({ cmd: ["sh", "-c", script], stdin: dump });
    await primary.restart();
  },
};
