// PATCH /hosts/{name} {"drain": true|false, "labels": {key: value | null}}: drains a host (Berth
// places nothing there and the reconciler moves its containers off) or makes it active again, and
// sets or removes its labels. Draining the last ready host is refused: nothing could run anywhere.
// Every refusal comes before anything changes.
import type { Actor } from "../auth/users.ts";
import { conflict } from "../errors.ts";
import type { LiveHost } from "./host-pool.ts";
import { assertHostAdmin, type HostView } from "./host-view.ts";
import { findHost, hostViewByName } from "./list-hosts.ts";
import { updateHostInput } from "./schemas.ts";

export async function updateHost(actor: Actor, name: string, body: unknown): Promise<HostView> {
  assertHostAdmin(actor);
  const input = updateHostInput.parse(body ?? {});
  const { pool, host, hosts } = await findHost(name);
  if (input.drain === true && isLastPlaceable(host, hosts)) {
    throw conflict(`${host.name} is the last ready host: draining it would leave nowhere to run containers; add a host (berth hosts:join-command) or undrain another first`);
  }
  await pool.update(host, { drain: input.drain, labels: input.labels });
  return hostViewByName(host.name);
}

/** Whether the host is the only one left that containers can be placed on: ready, and its engine known to Berth. */
export function isLastPlaceable(host: Pick<LiveHost, "name" | "state" | "endpointKnown">, hosts: Array<Pick<LiveHost, "name" | "state" | "endpointKnown">>): boolean {
  const placeable = (h: Pick<LiveHost, "state" | "endpointKnown">) => h.state === "ready" && h.endpointKnown;
  return placeable(host) && !hosts.some((h) => h.name !== host.name && placeable(h));
}
