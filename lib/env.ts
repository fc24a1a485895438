// Berth's settings, read once from the environment (defaults match scripts/env.sh).
import path from "node:path";

function resolveDataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.BERTH_DATA_DIR ?? "data");
}

const list = (text: string | undefined) => (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);

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
  // Tenant isolation and abuse limits (issue 12). Per-user limits do not apply to admins.
  /** Images besides Berth's stack and an app's own that a Dockerfile may start FROM: `repo:tag` or `repo:*`, comma-separated. */
  allowedBaseImages: list(process.env.BERTH_ALLOWED_IMAGES),
  /** An upload's unpacked size and entry count: a gzip bomb is refused at the first byte past these. */
  maxUnpackedBytes: Number(process.env.BERTH_MAX_UNPACKED_MB ?? 2048) * 1024 * 1024,
  maxUploadEntries: Number(process.env.BERTH_MAX_UPLOAD_ENTRIES ?? 100_000),
  /** The largest git push (the request body of git-receive-pack, and the pack git unpacks). */
  maxPushBytes: Number(process.env.BERTH_MAX_PUSH_MB ?? 1024) * 1024 * 1024,
  /** The largest JSON body any API route reads. */
  maxJsonBodyBytes: Number(process.env.BERTH_MAX_JSON_KB ?? 1024) * 1024,
  /** Hosts (names or addresses) a log drain may point at although they are loopback, private or link-local. */
  drainAllowedHosts: list(process.env.BERTH_DRAIN_ALLOWED_HOSTS),
  maxAppsPerUser: Number(process.env.BERTH_MAX_APPS_PER_USER ?? 100),
  maxContainersPerApp: Number(process.env.BERTH_MAX_CONTAINERS_PER_APP ?? 50),
  maxContainersPerUser: Number(process.env.BERTH_MAX_CONTAINERS_PER_USER ?? 100),
  maxOneOffsPerApp: Number(process.env.BERTH_MAX_ONE_OFFS_PER_APP ?? 5),
  maxBuildsPerUser: Number(process.env.BERTH_MAX_BUILDS_PER_USER ?? 1),
  maxBuildLogLines: Number(process.env.BERTH_MAX_BUILD_LOG_LINES ?? 50_000),
  maxBuildLogBytes: Number(process.env.BERTH_MAX_BUILD_LOG_MB ?? 10) * 1024 * 1024,
  /** An app's config: names and values together, and how many vars (each is copied into every snapshot and container). */
  maxConfigBytes: Number(process.env.BERTH_MAX_CONFIG_KB ?? 64) * 1024,
  maxConfigVars: Number(process.env.BERTH_MAX_CONFIG_VARS ?? 1000),
  maxLogTailsPerUser: Number(process.env.BERTH_MAX_LOG_TAILS_PER_USER ?? 20),
  maxBuildDiskBytes: Number(process.env.BERTH_MAX_BUILD_DISK_MB ?? 4096) * 1024 * 1024,
  maxCacheVolumeBytes: Number(process.env.BERTH_MAX_CACHE_MB ?? 2048) * 1024 * 1024,
  // Several Docker hosts (issue 14). The embedded default is `local`: everything on one engine.
  /** Which scheduler places containers: `local` (the one engine) or `swarm` (the nodes of a Docker swarm). */
  scheduler: process.env.BERTH_SCHEDULER ?? "local",
  /** The engine Berth builds on, and with `local` also runs on. */
  dockerHost: process.env.BERTH_DOCKER_HOST ?? "unix:///var/run/docker.sock",
  /** With `swarm`: the engine of a swarm manager (made one on first start if it is in no swarm). Defaults to dockerHost. */
  swarmManager: process.env.BERTH_SWARM_MANAGER ?? process.env.BERTH_DOCKER_HOST ?? "unix:///var/run/docker.sock",
  /** With `swarm`: the address the manager advertises to other nodes when Berth makes the swarm. */
  swarmAdvertiseAddr: process.env.BERTH_SWARM_ADVERTISE_ADDR ?? "",
  /** With `swarm`: the registry (`host:port`) every release image is pushed to and the nodes pull from. */
  registry: process.env.BERTH_REGISTRY ?? "",
  /**
   * With `swarm`: how Berth reaches each node's engine, `node name=endpoint` comma-separated
   * (unix:// or tcp://); a node not listed is reached through Berth's agent on it.
   */
  swarmEndpoints: Object.fromEntries(list(process.env.BERTH_SWARM_ENDPOINTS).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)])),
  /**
   * With `swarm`: the registry speaks plain HTTP (or TLS Berth does not verify), as Berth's own
   * registry and the test hosts' do. Pushes and the registry API then skip TLS verification; the
   * nodes' engines need `insecure-registries` for it too.
   */
  registryInsecure: process.env.BERTH_REGISTRY_INSECURE === "1",
  /**
   * With `swarm`, when Berth makes the swarm: the range its overlay networks' subnets (one /24 each)
   * come from. Docker's own default, 10.0.0.0/8, overlaps many office and cloud networks.
   */
  swarmAddrPool: process.env.BERTH_SWARM_ADDR_POOL ?? "10.88.0.0/13",
  /** Release images kept per app for rollbacks (the newest successful releases'); older builds' images are pruned everywhere. */
  keptReleaseImages: Number(process.env.BERTH_KEPT_RELEASE_IMAGES ?? 10),
  /**
   * With `swarm`: the port Berth's agent (a global swarm service, lib/swarm/agent-service.ts)
   * publishes on every node's address, where Berth reaches a node's engine over mutual TLS.
   * Not one of Docker's (2375-2377, 7946, 4789, 9323 for metrics) nor Portainer's agent (9001).
   */
  agentPort: Number(process.env.BERTH_AGENT_PORT ?? 9012),
  /**
   * With `swarm`: where the agent finds its node's engine socket, a path on the node. Docker's
   * service templates work here ({{.Node.Hostname}}): the test hosts share one filesystem, each
   * engine with a socket of its own.
   */
  agentDockerSocket: process.env.BERTH_AGENT_DOCKER_SOCKET ?? "/var/run/docker.sock",
  // Autoscaling (issue 16): how long a target must be exceeded before scaling up, and how long a
  // formation stays put after a scale before it may step down.
  autoscaleUpAfterMs: Number(process.env.BERTH_AUTOSCALE_UP_AFTER ?? 30) * 1000,
  autoscaleCooldownMs: Number(process.env.BERTH_AUTOSCALE_COOLDOWN ?? 300) * 1000,
  /** Where this checkout lives: buildpacks and stack files are read from here. */
  root: path.resolve(/* turbopackIgnore: true */ process.env.BERTH_ROOT ?? process.cwd()),
};

export const dataPath = (...parts: string[]) => path.join(/* turbopackIgnore: true */ settings.dataDir, ...parts);
