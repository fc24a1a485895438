// GET /hosts: every host of the scheduler, with its capacity and what Berth's containers reserve.
import type { Actor } from "../auth/users.ts";
import { notFound } from "../errors.ts";
import { hostPool, type HostPool, type LiveHost } from "./host-pool.ts";
import { assertHostAdmin, hostView, type HostView } from "./host-view.ts";
import { reservationsByHost } from "./reservations.ts";

export async function listHosts(actor: Actor): Promise<HostView[]> {
  assertHostAdmin(actor);
  const hosts = await hostPool().hosts();
  const reserved = await reservationsByHost();
  return hosts.map((h) => hostView(h, reserved.get(h.id)));
}

/** One host by name, with all of them (rules such as "not the last ready host" need the others). */
export async function findHost(name: string): Promise<{ pool: HostPool; host: LiveHost; hosts: LiveHost[] }> {
  const pool = hostPool();
  const hosts = await pool.hosts();
  const host = hosts.find((h) => h.name === name);
  if (!host) throw notFound(`no host named ${JSON.stringify(name.slice(0, 100))}; berth hosts lists them`);
  return { pool, host, hosts };
}

/** The host's view after a change. */
export async function hostViewByName(name: string): Promise<HostView> {
  const { host } = await findHost(name);
  return hostView(host, (await reservationsByHost()).get(host.id));
}
