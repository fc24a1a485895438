// The router host: the one process that runs HAProxy and applies router changes (today Berth's
// workers process). Everyone else asks it through the router queue (sync-router.ts); it serves
// those jobs one at a time, which serialises and coalesces every change to the router.
import { unseal } from "../crypto/secret-box.ts";
import type { RouterJob } from "../queue/queues.ts";
import { serveSyncRequest, type SyncResult } from "./coalesce-applies.ts";
import { applyRouterConfig, validateRouterConfig } from "./haproxy.ts";
import { routerPaths, routerState } from "./read-router-state.ts";
import { redisLedger } from "./redis-ledger.ts";
import { renderRouterConfig } from "./render-haproxy.ts";
import { switchServersAtRuntime } from "./runtime-api.ts";
import { serverSwitches } from "./server-switches.ts";
import type { RouterServer, RouterState } from "./types.ts";

/** A rollout's planned switch in one app's backend (what prevalidateSwitch checks). */
export interface ServerSwitch {
  app: string;
  add: RouterServer[];
  remove: RouterServer[];
}

/** Runs one router job; what a sync returns (or its error) is what the requester gets. */
export async function runRouterJob(job: RouterJob): Promise<SyncResult | void> {
  if (job.name === "sync") return serveSyncRequest(job.ticket, redisLedger, applyRouterState);
  if (job.name === "check-switch") return checkSwitch(job);
  return checkRouterAccepts(withCertificate(job.hostname, job.certificate + unseal(job.sealedKey)));
}

// What HAProxy was last given by this process: the runtime switch is the difference from it.
// Unknown after a failed apply (HAProxy may run the last good config, with or without a runtime
// switch made just before), so the next apply does not switch at runtime and reloads only.
let running: RouterState | undefined;

/**
 * Renders the database's state, validates it, switches the servers that changed through the
 * runtime API, and reloads. The state is read inside the apply lock (haproxy.ts), so no older
 * state is ever installed over a newer one; only the router host calls this.
 */
export async function applyRouterState(): Promise<{ changed: boolean }> {
  const paths = routerPaths();
  // Set when this call's render is the one applied (a call coalesced in-process into a later one is not).
  let next: RouterState | undefined;
  const render = async () => {
    next = await routerState();
    return renderRouterConfig(next);
  };
  // Traffic moves to new servers, and off removed ones, a reload's time sooner.
  const beforeReload = async () => {
    for (const s of serverSwitches(running, next!)) await switchServersAtRuntime(next!.statsSocket, s.backend, s.add, s.remove);
  };
  try {
    const result = await applyRouterConfig(paths, render, { beforeReload });
    if (next) running = next;
    return result;
  } catch (err) {
    running = undefined;
    throw err;
  }
}

/**
 * Validates, ahead of time, the config the router will have once a rollout's switch is made, so
 * the apply that makes it finds the text already checked (haproxy.ts remembers it). Never fails:
 * any problem is the apply's to report, once the containers have passed their checks. A server
 * without an address (a container that exited before Docker gave it one) is left out, as
 * routerState does: its health check reports the exit.
 */
async function checkSwitch(change: ServerSwitch): Promise<void> {
  await checkRouterAccepts((state) => {
    const gone = new Set(change.remove.map((s) => s.name));
    const add = change.add.filter((s) => s.address && s.port);
    return { ...state, apps: state.apps.map((a) => (a.name === change.app ? { ...a, servers: [...a.servers.filter((s) => !gone.has(s.name)), ...add] } : a)) };
  }).catch(() => undefined);
}

/** The state with `pem` (chain and key) as the certificate of `hostname`, replacing any it had. */
const withCertificate = (hostname: string, pem: string) => (state: RouterState): RouterState => {
  if (!state.tls) return state;
  const others = state.tls.certificates.filter((c) => !c.hostnames.includes(hostname));
  return { ...state, tls: { ...state.tls, certificates: [...others, { hostnames: [hostname], pem }] } };
};

/** Checks that HAProxy accepts the config with `edit` applied to the current state. Throws with HAProxy's reason. */
async function checkRouterAccepts(edit: (state: RouterState) => RouterState): Promise<void> {
  await validateRouterConfig(routerPaths(), renderRouterConfig(edit(await routerState())));
}
