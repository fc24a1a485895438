// Containers nobody will remove: an app container whose row is gone (a crash mid-rollout, a
// deleted app), and a build or one-off container past its time limit (its process died). Each
// sweep of a host removes them; what counts as stray is decided here, on what the engine lists.
import type { ContainerRuntime, ListedContainer } from "../docker/container-runtime.ts";
import { LABEL } from "../docker/labels.ts";

// A Docker container younger than this may still be getting its row written by a rollout.
export const ORPHAN_GRACE_MS = 30_000;
export const ABANDON_MARGIN_MS = 5 * 60_000;

/** Removes the app containers of `actual` whose row is not in `knownRows`; returns their ids. */
export async function removeOrphans(runtime: ContainerRuntime, actual: ListedContainer[], knownRows: Set<string>, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const c of actual) {
    const rowId = c.Labels[LABEL.container];
    if (rowId && !knownRows.has(rowId) && now - c.Created * 1000 > ORPHAN_GRACE_MS) {
      console.log(`removing ${c.Names[0]}: no release wants it`);
      await runtime.stopAndRemove(c.Id, 10).catch(() => undefined);
      removed.push(c.Id);
    }
  }
  return removed;
}

/**
 * Build and one-off containers are removed by whoever started them; one left past its time
 * limit (by `berth.kind`: build, run) belongs to a process that died (a killed worker, a web app
 * restart mid-run). Returns the ids removed.
 */
export async function removeAbandoned(runtime: ContainerRuntime, limits: Record<string, number>, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const [kind, limitMs] of Object.entries(limits)) {
    for (const c of await runtime.list({ [LABEL.kind]: kind })) {
      if (now - c.Created * 1000 > limitMs + ABANDON_MARGIN_MS) {
        console.log(`removing ${c.Names[0]}: a ${kind} container past its time limit`);
        await runtime.stopAndRemove(c.Id, 0).catch(() => undefined);
        removed.push(c.Id);
      }
    }
  }
  return removed;
}
