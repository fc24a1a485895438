// PATCH /hosts/{name} {"drain": true|false, "labels": {key: value | null}}: drains a host (Berth
// places nothing there and the reconciler moves its containers off) or makes it active again, and
// sets or removes its labels. Draining the last ready host is refused: nothing could run anywhere.
// Every refusal comes before anything changes.
import type { Actor } from "../auth/users.ts";
import { conflict } from "../errors.ts";
import { assertHostAdmin, type HostView } from "./host-view.ts";
import { findHost, hostViewByName } from "./list-hosts.ts";
import { updateHostInput } from "./schemas.ts";

export async function updateHost(actor: Actor, name: string, body: unknown): Promise<HostView> {
  assertHostAdmin(actor);
  const input = updateHostInput.parse(body ?? {});
  const { pool, host, hosts } = await findHost(name);
  if (input.drain === true && host.state === "ready" && !hosts.some((h) => h !== host && h.state === "ready")) {
    throw conflict(`${host.name} is the last ready host: draining it would leave nowhere to run containers; add a host (berth hosts:join-command) or undrain another first`);
  }
  await pool.update(host, { availability: input.drain === undefined ? undefined : input.drain ? "drain" : "active", labels: input.labels });
  return hostViewByName(host.name);
}
