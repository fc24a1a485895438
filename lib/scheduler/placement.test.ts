import assert from "node:assert/strict";
import { test } from "node:test";
import { placeSlots, type PlacementHost, type Resources } from "./placement.ts";

const GiB = 1024 ** 3;
const SIZES: Record<string, Resources> = { small: { cpus: 0.25, memoryBytes: GiB / 4 }, standard: { cpus: 0.5, memoryBytes: GiB / 2 }, large: { cpus: 1, memoryBytes: GiB } };
const need = (size: string) => SIZES[size]!;
const host = (name: string, extra: Partial<PlacementHost> = {}): PlacementHost => ({ id: name, name, state: "ready", capacity: { cpus: 2, memoryBytes: 8 * GiB }, reserved: { cpus: 0, memoryBytes: 0 }, ...extra });
const slots = (n: number, type = "web", size = "standard") => Array.from({ length: n }, (_, i) => ({ type, size, label: `${type}.${i + 1}` }));
const tally = (ids: string[]) => ids.reduce<Record<string, number>>((t, id) => ({ ...t, [id]: (t[id] ?? 0) + 1 }), {});

test("six web containers on three hosts: two on each", () => {
  const placed = placeSlots({ hosts: [host("a"), host("b"), host("c")], slots: slots(6), staying: [], need });
  assert.deepEqual(tally(placed), { a: 2, b: 2, c: 2 });
});

test("new containers go where their type has fewest, counting the ones that stay", () => {
  const placed = placeSlots({ hosts: [host("a"), host("b"), host("c")], slots: slots(2), staying: [{ hostId: "a", type: "web" }, { hostId: "b", type: "web" }, { hostId: "a", type: "worker" }], need });
  // c had none: it gets the first; then each has one web, and the tie goes to the most free memory (b: a's reservation counts its worker).
  const reservedA = [host("a", { reserved: { cpus: 0.5, memoryBytes: GiB / 2 } }), host("b"), host("c")];
  assert.deepEqual(placeSlots({ hosts: reservedA, slots: slots(2), staying: [{ hostId: "a", type: "web" }, { hostId: "b", type: "web" }], need }), ["c", "b"]);
  assert.deepEqual(placed, ["c", "a"], "all else equal, by name");
});

test("the spread is per process type: a worker does not push web away", () => {
  const placed = placeSlots({ hosts: [host("a"), host("b")], slots: slots(1), staying: [{ hostId: "a", type: "worker" }, { hostId: "a", type: "worker" }], need });
  // Equal web counts (none): the tie goes to the host with more free memory, which is both; then by name.
  assert.deepEqual(placed, ["a"]);
});

test("down and draining hosts get nothing", () => {
  const placed = placeSlots({ hosts: [host("a", { state: "down" }), host("b", { state: "draining" }), host("c")], slots: slots(3), staying: [], need });
  assert.deepEqual(placed, ["c", "c", "c"]);
});

test("reservations are never exceeded: a full host is skipped although the spread prefers it", () => {
  const placed = placeSlots({ hosts: [host("a", { reserved: { cpus: 1.75, memoryBytes: 0 } }), host("b")], slots: slots(2), staying: [{ hostId: "b", type: "web" }], need });
  assert.deepEqual(placed, ["b", "b"]);
});

test("a formation that fits nowhere is refused, naming what each host lacks", () => {
  assert.throws(
    () => placeSlots({ hosts: [host("a"), host("b", { state: "down" }), host("c", { capacity: { cpus: 4, memoryBytes: GiB / 2 } })], slots: slots(3, "web", "large"), staying: [], need }),
    (err: Error) => {
      assert.match(err.message, /^web\.3 \(large: 1 CPU, 1 GiB\) fits on no host: a has 0 CPU free; b is down; c has 512 MiB free\. Nothing was changed/);
      return true;
    },
  );
});

test("no hosts at all", () => {
  assert.throws(() => placeSlots({ hosts: [], slots: slots(1), staying: [], need }), /web\.1 \(standard: 0\.5 CPU, 512 MiB\) has no host to run on/);
});
