import assert from "node:assert/strict";
import { test } from "node:test";
import { serveSyncRequest, type ApplyLedger, type ApplyOutcome } from "./coalesce-applies.ts";

/** The Redis ledger's behaviour, in memory. */
function memoryLedger(): ApplyLedger {
  let newest = 0;
  const applies: ApplyOutcome[] = [];
  return {
    takeTicket: async () => ++newest,
    newestTicket: async () => newest,
    coveringApply: async (ticket) => applies.find((a) => a.covered >= ticket),
    recordApply: async (outcome) => void applies.push(outcome),
  };
}

/** The router host: serves the queued tickets one at a time, in order. */
async function serveInTurn(ledger: ApplyLedger, tickets: number[], apply: () => Promise<{ changed: boolean }>) {
  const results = [];
  for (const ticket of tickets) results.push(await serveSyncRequest(ticket, ledger, apply).catch((err: Error) => err));
  return results;
}

test("requests made while none is served yet share one apply", async () => {
  const ledger = memoryLedger();
  const tickets = await Promise.all(Array.from({ length: 20 }, () => ledger.takeTicket()));
  let applies = 0;
  const results = await serveInTurn(ledger, tickets, async () => ({ changed: ++applies > 0 }));
  assert.equal(applies, 1);
  assert.deepEqual(results[0], { changed: true, covered: 20, coalesced: false });
  assert.ok(results.slice(1).every((r) => !(r instanceof Error) && r.coalesced && r.covered === 20));
});

test("a request made while an apply runs gets the next apply, not the running one", async () => {
  const ledger = memoryLedger();
  const first = await ledger.takeTicket();
  let during: number | undefined;
  const states: string[] = [];
  let stored = "v1";
  const apply = async () => {
    states.push(stored);
    // A change stored, and its request made, after this apply read the state.
    if (during === undefined) {
      stored = "v2";
      during = await ledger.takeTicket();
    }
    return { changed: true };
  };
  const results = await serveInTurn(ledger, [first], apply);
  results.push(...(await serveInTurn(ledger, [during!], apply)));
  assert.deepEqual(states, ["v1", "v2"], "the second request's change is applied by an apply of its own");
  assert.deepEqual(results, [
    { changed: true, covered: 1, coalesced: false },
    { changed: true, covered: 2, coalesced: false },
  ]);
});

test("jobs served out of ticket order still get the apply that covers them", async () => {
  const ledger = memoryLedger();
  const [a, b, c] = [await ledger.takeTicket(), await ledger.takeTicket(), await ledger.takeTicket()];
  let applies = 0;
  const results = await serveInTurn(ledger, [c!, a!, b!], async () => ({ changed: ++applies === 1 }));
  assert.equal(applies, 1);
  assert.deepEqual(results.map((r) => !(r instanceof Error) && r.covered), [3, 3, 3]);
});

test("a failed apply fails every request it covered with its reason; the next request applies again", async () => {
  const ledger = memoryLedger();
  const tickets = [await ledger.takeTicket(), await ledger.takeTicket()];
  let applies = 0;
  const failing = async () => {
    applies++;
    throw new Error("HAProxy refused the new router config; the last good one stays: bad");
  };
  const results = await serveInTurn(ledger, tickets, failing);
  assert.equal(applies, 1);
  for (const r of results) assert.match(String(r), /HAProxy refused the new router config/);
  const later = await ledger.takeTicket();
  assert.deepEqual(await serveInTurn(ledger, [later], async () => ({ changed: true })), [{ changed: true, covered: 3, coalesced: false }]);
});

test("an outcome no longer recorded (trimmed) means another apply, never a wrong outcome", async () => {
  const ledger = memoryLedger();
  const forgetful: ApplyLedger = { ...ledger, coveringApply: async () => undefined };
  const ticket = await ledger.takeTicket();
  let applies = 0;
  await serveInTurn(forgetful, [ticket, ticket], async () => ({ changed: ++applies === 1 }));
  assert.equal(applies, 2);
});
