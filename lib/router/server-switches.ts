// What the router host can switch through HAProxy's runtime API before a reload: per backend, the
// servers the new state adds and the ones it drops, against the state HAProxy runs now. Pure.
// The reload that follows installs the whole new state anyway; the switch only moves traffic a
// reload's time sooner, so anything the runtime API cannot express exactly is left to the reload.
import { backendName } from "./render-haproxy.ts";
import type { RouterApp, RouterServer, RouterState } from "./types.ts";

export interface RuntimeSwitch {
  backend: string;
  add: RouterServer[];
  /** Server names to put in maintenance (their in-flight requests finish). */
  remove: string[];
}

/**
 * The runtime switches that take the router from `running` (what HAProxy was last given) to
 * `next`. Nothing when `running` is unknown (the router host has just started). Left to the
 * reload: a backend that is new or gone (no backend to switch at runtime), one entering or
 * leaving maintenance (a different backend section), and a server whose name stays but whose
 * address or port changed (a runtime `add server` of a name that exists fails).
 */
export function serverSwitches(running: RouterState | undefined, next: RouterState): RuntimeSwitch[] {
  if (!running) return [];
  const before = new Map(running.apps.map((a) => [a.name, a]));
  const switches: RuntimeSwitch[] = [];
  for (const app of next.apps) {
    const old = before.get(app.name);
    if (!old || Boolean(old.maintenance) !== Boolean(app.maintenance) || app.maintenance) continue;
    const oldByName = byName(old);
    const newByName = byName(app);
    const add = app.servers.filter((s) => !oldByName.has(s.name));
    const remove = old.servers.filter((s) => !newByName.has(s.name)).map((s) => s.name);
    if (add.length || remove.length) switches.push({ backend: backendName(app.name), add, remove });
  }
  return switches;
}

const byName = (app: RouterApp) => new Map(app.servers.map((s) => [s.name, s]));
