// Several Docker hosts: the nodes of a Docker swarm. Being assembled in slices (issue 14); until
// its hosts and registry land, choosing it stops Berth at start with this message.
import type { Scheduler } from "./types.ts";

const unfinished = async (): Promise<never> => {
  throw new Error("BERTH_SCHEDULER=swarm is not finished in this version of Berth; use local");
};

export const swarmScheduler: Scheduler = {
  name: "swarm",
  publishesPorts: true,
  start: unfinished,
  buildHost: unfinished,
  hosts: unfinished,
  placeContainers: unfinished,
  assertFits: unfinished,
  placeOneOff: unfinished,
  placeAddon: unfinished,
  publishImage: unfinished,
  imageOn: unfinished,
  ensureNetwork: unfinished,
  removeNetwork: unfinished,
};
