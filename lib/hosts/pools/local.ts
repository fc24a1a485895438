// The `local` scheduler's one host: the engine at BERTH_DOCKER_HOST, which Berth builds and runs
// on. It has no swarm, so no join command, labels or removal.
import { runtimeFor } from "../../docker/container-runtime.ts";
import { conflict } from "../../errors.ts";
import { localEngine } from "../../scheduler/host-rows.ts";
import type { HostPool, LiveHost } from "../host-pool.ts";

const SWITCH = "to run apps on several machines, start Berth with BERTH_SCHEDULER=swarm (its engine, or BERTH_SWARM_MANAGER, becomes a swarm manager; set BERTH_SWARM_ADVERTISE_ADDR to the address other machines reach it at)";

export const localPool: HostPool = {
  managerDescription: "the engine Berth runs on with the local scheduler",

  async hosts() {
    const host = await localEngine();
    // An engine that does not answer is shown down, not an error: the list is how one finds out.
    const info = await runtimeFor(host).info();
    const live: LiveHost = {
      id: host.id,
      name: "local",
      address: null,
      role: "local",
      leader: false,
      state: info ? "ready" : "down",
      endpointKnown: true,
      cpus: info?.NCPU ?? 0,
      memoryBytes: info?.MemTotal ?? 0,
      labels: {},
      availability: null,
      engineVersion: info?.ServerVersion ?? null,
      nodeId: null,
      isBerthManager: true,
    };
    return [live];
  },

  async joinCommand() {
    throw conflict(`Berth runs with the local scheduler, on one Docker engine, which no other machine can join; ${SWITCH}`);
  },

  async update(_host, change) {
    if (change.labels && Object.keys(change.labels).length) throw conflict(`host labels are swarm node labels, and the local scheduler runs on one engine without a swarm; ${SWITCH}`);
    // Undraining the one host: it is never drained (draining it is refused as draining the last ready host).
  },

  async remove() {
    throw conflict(`local is the engine Berth runs on with the local scheduler; it cannot be removed`);
  },
};
