// Concurrent one-offs per app (BERTH_MAX_ONE_OFFS_PER_APP, for everyone: each is a container on
// the app's host). A slot is held from the request until the container has ended.
import { settings } from "../env.ts";
import { plural, tooMany } from "./quota.ts";
import { takeSlot, type Slot } from "./slots.ts";

export async function takeOneOffSlot(app: { id: string; name: string }, holder: string): Promise<Slot> {
  const limit = settings.maxOneOffsPerApp;
  const taken = await takeSlot({ name: ["one-offs", app.id], limit }, holder);
  if (taken.taken) return taken.slot;
  throw tooMany(`${app.name} already runs ${plural(taken.held, "one-off process", "one-off processes")}`, `BERTH_MAX_ONE_OFFS_PER_APP=${limit}`, "wait for one to end", 5);
}
