// Where new containers go, as a pure function of the hosts and what runs on them: a process
// type's containers spread over the hosts (the fewest of that type first), and a size reserves
// its memory and CPU, so no host is given more than it has.
import { invalid } from "../errors.ts";
import type { HostState } from "./types.ts";

export interface Resources {
  cpus: number;
  memoryBytes: number;
}

export interface PlacementHost {
  id: string;
  name: string;
  state: HostState;
  capacity: Resources;
  reserved: Resources;
}

export interface Slot {
  type: string;
  size: string;
  /** For messages: `web.3`. */
  label?: string;
}

/**
 * One host id per slot, in order; refused (422) when a slot fits on no ready host, naming what
 * each host lacks — before anything starts.
 */
export function placeSlots(input: {
  hosts: readonly PlacementHost[];
  slots: readonly Slot[];
  staying: ReadonlyArray<{ hostId: string; type: string }>;
  need: (size: string) => Resources;
}): string[] {
  const free = new Map(input.hosts.map((h) => [h.id, { cpus: h.capacity.cpus - h.reserved.cpus, memoryBytes: h.capacity.memoryBytes - h.reserved.memoryBytes }]));
  const ofType = new Map<string, number>();
  const count = (hostId: string, type: string) => ofType.get(`${hostId}\n${type}`) ?? 0;
  for (const c of input.staying) ofType.set(`${c.hostId}\n${c.type}`, count(c.hostId, c.type) + 1);

  return input.slots.map((slot) => {
    const need = input.need(slot.size);
    const fits = input.hosts.filter((h) => h.state === "ready" && room(free.get(h.id)!, need));
    if (fits.length === 0) throw invalid(refusal(slot, need, input.hosts, free));
    const best = fits.reduce((a, b) => (better(b, a) ? b : a));
    function better(x: PlacementHost, y: PlacementHost): boolean {
      const byType = count(x.id, slot.type) - count(y.id, slot.type);
      if (byType !== 0) return byType < 0;
      const byMemory = free.get(x.id)!.memoryBytes - free.get(y.id)!.memoryBytes;
      if (byMemory !== 0) return byMemory > 0;
      return x.name < y.name;
    }
    const left = free.get(best.id)!;
    free.set(best.id, { cpus: left.cpus - need.cpus, memoryBytes: left.memoryBytes - need.memoryBytes });
    ofType.set(`${best.id}\n${slot.type}`, count(best.id, slot.type) + 1);
    return best.id;
  });
}

// A little slack for float sums of CPU fractions (0.1 + 0.2).
const room = (free: Resources, need: Resources) => free.cpus + 1e-9 >= need.cpus && free.memoryBytes >= need.memoryBytes;

function refusal(slot: Slot, need: Resources, hosts: readonly PlacementHost[], free: Map<string, Resources>): string {
  const what = `${slot.label ?? slot.type} (${slot.size}: ${cpus(need.cpus)} CPU, ${mib(need.memoryBytes)})`;
  if (hosts.length === 0) return `${what} has no host to run on`;
  const why = hosts.map((h) => {
    if (h.state !== "ready") return `${h.name} is ${h.state}`;
    const f = free.get(h.id)!;
    const missing = [f.cpus + 1e-9 < need.cpus ? `${cpus(Math.max(0, f.cpus))} CPU free` : "", f.memoryBytes < need.memoryBytes ? `${mib(Math.max(0, f.memoryBytes))} free` : ""].filter(Boolean);
    return `${h.name} has ${missing.join(" and ")}`;
  });
  return `${what} fits on no host: ${why.join("; ")}. Nothing was changed: use a smaller size or fewer processes, or add a host (berth hosts:join-command)`;
}

const cpus = (n: number) => String(Math.round(n * 100) / 100);
const mib = (bytes: number) => (bytes >= 1024 ** 3 ? `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`);
