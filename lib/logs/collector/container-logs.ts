// Finds every container of this Berth that prints app output — app processes, one-off runs and
// add-ons — on every host, and keeps one follower per running container. Docker events make it notice a new
// container at once; a sweep every few seconds catches whatever an event stream missed.
import { db } from "../../db.ts";
import { LABEL } from "../../docker/labels.ts";
import { runtimeFor, type HostRef, type ListedContainer } from "../../docker/container-runtime.ts";
import { appIdByName, appIdsOfAddon } from "./app-ids.ts";
import type { CollectorLease } from "./collector-lock.ts";
import { followContainer, type FollowTarget } from "./container-follower.ts";

const SWEEP_MS = 5000;
/** Build containers are left out: their output reaches the log through the build's own log. */
const FOLLOWED_KINDS = new Set(["app", "run", "addon"]);

type Listed = ListedContainer;

export function startContainerLogs(lease: CollectorLease): { stop: () => Promise<void> } {
  const stopping = new AbortController();
  const followers = new Map<string, { target: FollowTarget; done: Promise<void> }>();
  /** Stopped containers whose output was read to its end. */
  const finished = new Set<string>();
  let sweeping: Promise<void> | null = null;
  let again = false;

  const follow = (target: FollowTarget) => {
    // Its own signal: Docker's client leaves a listener on the signal of every request it made,
    // which on the collector-wide one would pile up with every container ever followed.
    const own = new AbortController();
    const stop = () => own.abort();
    stopping.signal.addEventListener("abort", stop, { once: true });
    const run = followContainer(lease, target, own.signal)
      .then(() => void finished.add(target.dockerId))
      .catch((err) => {
        if (!stopping.signal.aborted) console.error(`log collector: following ${target.process} (container ${target.dockerId.slice(0, 12)}) failed, retrying: ${(err as Error).message}`);
        setTimeout(sweep, 1000).unref();
      })
      .finally(() => {
        stopping.signal.removeEventListener("abort", stop);
        followers.delete(target.dockerId);
      });
    followers.set(target.dockerId, { target, done: run });
  };

  const sweepOnce = async () => {
    const hosts = await db.host.findMany();
    for (const row of hosts) {
      const host: HostRef = { id: row.id, endpoint: row.endpoint };
      const listed = await runtimeFor(host).list();
      const seen = new Set(listed.map((c) => c.Id));
      for (const id of finished) if (!seen.has(id)) finished.delete(id);
      for (const c of listed) {
        const following = followers.get(c.Id);
        if (!following && c.State !== "running" && finished.has(c.Id)) continue;
        const target = await targetOf(host, c);
        // An add-on attached or detached meanwhile: its lines go to the apps it has now.
        if (following) following.target.appIds = target?.appIds ?? following.target.appIds;
        else if (target) follow(target);
      }
    }
  };

  // Sweeps never overlap; one asked for during a sweep runs right after it.
  function sweep() {
    if (stopping.signal.aborted) return;
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = sweepOnce()
      .catch((err) => console.error(`log collector: listing containers failed: ${(err as Error).message}`))
      .finally(() => {
        sweeping = null;
        if (again) {
          again = false;
          sweep();
        }
      });
  }

  const timer = setInterval(sweep, SWEEP_MS);
  const events = watchStarts(stopping.signal, sweep);
  sweep();

  return {
    stop: async () => {
      stopping.abort();
      clearInterval(timer);
      await events;
      await sweeping;
      await Promise.allSettled([...followers.values()].map((f) => f.done));
    },
  };
}

async function targetOf(host: HostRef, c: Listed): Promise<FollowTarget | null> {
  const labels = c.Labels ?? {};
  const kind = labels[LABEL.kind] ?? "";
  if (!FOLLOWED_KINDS.has(kind)) return null;
  if (kind === "addon") {
    const addon = labels[LABEL.addon] ?? "";
    const appIds = await appIdsOfAddon(addon);
    const role = labels[LABEL.process] ?? "primary";
    return appIds.length ? { host, dockerId: c.Id, appIds, source: "addon", process: role === "primary" ? addon : `${addon}.${role}` } : null;
  }
  const appId = await appIdByName(labels[LABEL.app] ?? "");
  if (!appId) return null;
  return { host, dockerId: c.Id, appIds: [appId], source: "app", process: processName(labels, c.Names[0] ?? "") };
}

/** web.1 for an app process; run.a1b2c3 (the one-off's DYNO) for a one-off, from its name's last part. */
function processName(labels: Record<string, string>, name: string): string {
  const type = labels[LABEL.process] ?? "app";
  if (labels[LABEL.index]) return `${type}.${labels[LABEL.index]}`;
  return `${type}.${name.split("-").pop() ?? ""}`;
}

/** Calls `onStart` whenever a container of this instance starts, on every host, until aborted. */
async function watchStarts(signal: AbortSignal, onStart: () => void): Promise<void> {
  while (!signal.aborted) {
    const streams: NodeJS.ReadableStream[] = [];
    const closeAll = () => streams.forEach((s) => (s as unknown as { destroy: () => void }).destroy());
    signal.addEventListener("abort", closeAll, { once: true });
    try {
      const hosts = await db.host.findMany();
      // Until any host's stream ends; then all are opened again (and a sweep catches up).
      await Promise.race(
        hosts.map(async (row) => {
          const events = await runtimeFor({ id: row.id, endpoint: row.endpoint }).events();
          streams.push(events);
          events.on("data", (chunk: Buffer) => {
            if (/"(status|Action)":"start"/.test(chunk.toString("utf8"))) onStart();
          });
          await new Promise<void>((resolve) => {
            events.on("end", resolve);
            events.on("error", () => resolve());
            events.on("close", () => resolve());
          });
        }),
      );
    } catch {
      // the engine is away: the sweep keeps trying, and so does this loop
    }
    signal.removeEventListener("abort", closeAll);
    closeAll();
    if (!signal.aborted) {
      await new Promise((r) => setTimeout(r, 1000));
      onStart();
    }
  }
}
