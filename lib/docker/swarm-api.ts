// The swarm's own API on a manager's engine (membership, nodes, services, secrets): a different
// use of the Engine API than the container runtime, for lib/swarm/ only. Containers, images and
// networks on a node go through runtimeFor(host).
import type Docker from "dockerode";
import type { HostRef } from "./container-runtime.ts";
import { dockerFor } from "./engine-client.ts";

export type SwarmApi = Pick<
  Docker,
  "info" | "swarmInit" | "swarmInspect" | "listNodes" | "getNode" | "createService" | "getService" | "listServices" | "createSecret" | "listSecrets" | "getSecret"
>;
export type SwarmService = Docker.Service;

/** The swarm API of the engine at `host` (a manager). */
export function swarmApi(host: HostRef): SwarmApi {
  return dockerFor(host);
}
