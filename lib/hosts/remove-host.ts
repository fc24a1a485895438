// DELETE /hosts/{name}: takes a host out of the swarm. Refused for the engine Berth manages the
// hosts through, and while Berth's containers or add-ons are on the host unless it is drained
// (then the reconciler moves them; the host's row stays, down, while anything still points at it).
import type { Actor } from "../auth/users.ts";
import { db } from "../db.ts";
import { conflict } from "../errors.ts";
import { assertHostAdmin } from "./host-view.ts";
import { findHost } from "./list-hosts.ts";

export async function removeHost(actor: Actor, name: string): Promise<{ name: string; removed: true }> {
  assertHostAdmin(actor);
  const { pool, host } = await findHost(name);
  if (host.isBerthManager) throw conflict(`${host.name} is ${pool.managerDescription}; it cannot be removed`);
  // Its row is only kept because containers or add-ons still point at it (sync-hosts.ts).
  if (host.role === "left") throw conflict(`${host.name} has already left the swarm; it disappears from the list once Berth has moved the containers and add-ons it had`);
  if (host.state !== "draining" && host.availability !== "drain") {
    const [containers, addons] = await Promise.all([
      db.container.count({ where: { hostId: host.id, state: { not: "stopped" } } }),
      db.addon.count({ where: { hostId: host.id } }),
    ]);
    if (containers + addons > 0) {
      const what = [containers ? `${containers} container${containers === 1 ? "" : "s"}` : "", addons ? `${addons} add-on${addons === 1 ? "" : "s"}` : ""].filter(Boolean).join(" and ");
      throw conflict(`${host.name} runs ${what} of Berth's; drain it first (berth hosts:drain ${host.name}) so they move to other hosts, then remove it`);
    }
  }
  await pool.remove(host);
  return { name: host.name, removed: true };
}
