// Berth's settings, read once from the environment (defaults match scripts/env.sh).
import path from "node:path";

function resolveDataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.BERTH_DATA_DIR ?? "data");
}

export const settings = {
  dataDir: resolveDataDir(),
  port: Number(process.env.BERTH_PORT ?? 3000),
  routerPort: Number(process.env.BERTH_ROUTER_PORT ?? 80),
  /** HAProxy's threads (see RouterState.threads). */
  routerThreads: Number(process.env.BERTH_ROUTER_THREADS ?? 1),
  /** HTTPS with SNI for domains that have a certificate; 0 turns TLS off. */
  routerTlsPort: Number(process.env.BERTH_ROUTER_TLS_PORT ?? 443),
  domain: process.env.BERTH_DOMAIN ?? "berth.localhost",
  redisUrl: process.env.BERTH_REDIS_URL ?? "redis://127.0.0.1:6379",
  /** Separates the Redis keys, Docker objects and router of one Berth from another's on a shared machine. */
  instance: process.env.BERTH_INSTANCE ?? "berth",
  buildTimeoutMs: Number(process.env.BERTH_BUILD_TIMEOUT ?? 15 * 60) * 1000,
  /** An upper bound on every app's health-check timeout (test instances keep failures short). */
  healthcheckTimeoutCapMs: Number(process.env.BERTH_HEALTHCHECK_TIMEOUT ?? 300) * 1000,
  maxUploadBytes: Number(process.env.BERTH_MAX_UPLOAD_MB ?? 500) * 1024 * 1024,
  /** Lines kept per app in its log stream (the newest; older ones are trimmed). */
  logLines: Number(process.env.BERTH_LOG_LINES ?? 10_000),
  /** The loopback TCP port where the log collector receives HAProxy's access log. */
  routerLogPort: Number(process.env.BERTH_ROUTER_LOG_PORT ?? 5514),
  /** How often metrics are sampled, in seconds. */
  metricsIntervalMs: Number(process.env.BERTH_METRICS_INTERVAL ?? 10) * 1000,
  /** Extra CA certificates (PEM) that log drains trust besides the system's, e.g. an internal CA. */
  drainCaFile: process.env.BERTH_DRAIN_CA_FILE ?? path.join(/* turbopackIgnore: true */ resolveDataDir(), "drain-ca.pem"),
  /** Where this checkout lives: buildpacks and stack files are read from here. */
  root: path.resolve(/* turbopackIgnore: true */ process.env.BERTH_ROOT ?? process.cwd()),
};

export const dataPath = (...parts: string[]) => path.join(/* turbopackIgnore: true */ settings.dataDir, ...parts);
