// Which containers a rollout starts, keeps and stops. Pure: the same inputs give the same plan,
// so deploys, scales, size changes and restarts are one operation seen from different sides.

export interface DesiredProcess {
  type: string;
  quantity: number;
  size: string;
}

export interface ActualContainer {
  id: string;
  releaseId: string;
  type: string;
  index: number;
  size: string;
  /** starting | up | draining | stopped | crashed */
  state: string;
}

export interface Slot {
  type: string;
  index: number;
  size: string;
}

export interface RolloutPlan<C extends ActualContainer = ActualContainer> {
  start: Slot[];
  keep: C[];
  stop: C[];
}

export interface RolloutInput<C extends ActualContainer = ActualContainer> {
  releaseId: string;
  /** Only the process types the release can run (the build declares them). */
  formation: DesiredProcess[];
  containers: C[];
  /** Container ids to replace even though they fit (a restart). */
  replace?: ReadonlySet<string>;
}

/**
 * A container is kept when it runs the target release in a wanted slot (type, index) with the
 * wanted size. `crashed` ones are kept too: the reconciler restarts them with backoff, and a
 * scale must not reset that. `starting` ones are leftovers of an interrupted operation (rollouts
 * hold the app's lock), so they are replaced. Everything not kept and not already going away
 * is stopped.
 */
export function planRollout<C extends ActualContainer>(input: RolloutInput<C>): RolloutPlan<C> {
  const live = input.containers.filter((c) => c.state !== "draining" && c.state !== "stopped");
  const keep: C[] = [];
  const start: Slot[] = [];
  for (const process of [...input.formation].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))) {
    for (let index = 1; index <= process.quantity; index++) {
      const fit = live.find(
        (c) =>
          c.releaseId === input.releaseId &&
          c.type === process.type &&
          c.index === index &&
          c.size === process.size &&
          (c.state === "up" || c.state === "crashed") &&
          !input.replace?.has(c.id) &&
          !keep.includes(c),
      );
      if (fit) keep.push(fit);
      else start.push({ type: process.type, index, size: process.size });
    }
  }
  const stop = live.filter((c) => !keep.includes(c));
  return { start, keep, stop };
}

export const isNoop = (plan: RolloutPlan<ActualContainer>) => plan.start.length === 0 && plan.stop.length === 0;
