// POST /hosts/join-command: the exact `docker swarm join …` a new machine runs. The token is shown
// in this answer only: it is neither stored nor logged (the route's errors never carry it either).
import type { Actor } from "../auth/users.ts";
import { hostPool } from "./host-pool.ts";
import { assertHostAdmin } from "./host-view.ts";

export async function hostJoinCommand(actor: Actor): Promise<{ command: string; note: string }> {
  assertHostAdmin(actor);
  return hostPool().joinCommand();
}
