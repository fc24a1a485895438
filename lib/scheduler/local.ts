// The embedded default: every container on the one engine Berth builds on. Networks are that
// engine's bridges and the router reaches containers at their own addresses.
import { runtimeFor } from "../docker/container-runtime.ts";
import { localPool } from "../hosts/pools/local.ts";
import { localEngine } from "./host-rows.ts";
import type { Scheduler } from "./types.ts";

export const localScheduler: Scheduler = {
  name: "local",
  publishesPorts: false,
  hostPool: localPool,
  start: async () => {
    await localEngine();
  },
  buildHost: localEngine,
  hosts: async () => [await localEngine()],
  placeContainers: async ({ slots }) => {
    const host = await localEngine();
    return slots.map(() => host);
  },
  // One engine shares its memory and CPU like processes on a machine: nothing is reserved.
  assertFits: async () => undefined,
  placeOneOff: localEngine,
  placeAddon: async (_memoryBytes, count) => {
    const host = await localEngine();
    return Array.from({ length: count }, () => host);
  },
  publishImage: async () => undefined,
  imageOn: async (_host, image) => image,
  // The build engine's own tags are all there is (lib/builds/prune-build-images.ts removes them).
  pruneImages: async () => undefined,
  forgetApp: async () => undefined,
  ensureNetwork: async (name, labels) => runtimeFor(await localEngine()).ensureNetwork(name, labels),
  removeNetwork: async (name) => runtimeFor(await localEngine()).removeNetwork(name),
};
