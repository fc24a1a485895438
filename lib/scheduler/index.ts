// The schedulers Berth has, one file each; BERTH_SCHEDULER picks one. Nothing outside this folder
// asks which one runs.
import { settings } from "../env.ts";
import { localScheduler } from "./local.ts";
import { swarmScheduler } from "./swarm.ts";
import type { Scheduler } from "./types.ts";

export const SCHEDULERS: readonly Scheduler[] = [localScheduler, swarmScheduler];

let chosen: Scheduler | undefined;

export function scheduler(): Scheduler {
  if (chosen) return chosen;
  const found = SCHEDULERS.find((s) => s.name === settings.scheduler);
  if (!found) throw new Error(`BERTH_SCHEDULER=${settings.scheduler} is not a scheduler Berth has; use one of ${SCHEDULERS.map((s) => s.name).join(", ")}`);
  chosen = found;
  return chosen;
}

export { hostById, localEngine } from "./host-rows.ts";
export type { HostState, PlacementRequest, Scheduler, SchedulerHost } from "./types.ts";
