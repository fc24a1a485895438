// Coalescing of router sync requests (CapRover's one queue, with the state read at apply time).
// Every request takes a ticket, in order, after the change it is for is stored. The router host
// serves the requests one at a time: an apply notes the newest ticket *before* it reads the
// state, so it covers every request made before it started, and their changes are in what it
// reads. A request whose ticket an apply already covered gets that apply's outcome without
// another; a request made while an apply runs has a newer ticket, so it gets the next apply.

export interface ApplyOutcome {
  /** The newest ticket when the apply started: it serves every request up to this one. */
  covered: number;
  changed: boolean;
  /** Why the apply failed; every request it covered fails with it. */
  error?: string;
}

/** Where tickets and outcomes live (Redis; shared by every process that requests syncs). */
export interface ApplyLedger {
  /** A new ticket, greater than every ticket before it. */
  takeTicket(): Promise<number>;
  newestTicket(): Promise<number>;
  /** The first recorded apply with covered ≥ ticket: the one that started first after the request. */
  coveringApply(ticket: number): Promise<ApplyOutcome | undefined>;
  recordApply(outcome: ApplyOutcome): Promise<void>;
}

export interface SyncResult {
  changed: boolean;
  covered: number;
  /** True when an earlier apply already served this request. */
  coalesced: boolean;
}

export class ApplyFailed extends Error {}

/**
 * Serves one request (the router host calls this for each, one at a time): the outcome of the
 * apply that covers it, running that apply when none has yet. Throws the apply's error.
 */
export async function serveSyncRequest(ticket: number, ledger: ApplyLedger, apply: () => Promise<{ changed: boolean }>): Promise<SyncResult> {
  const earlier = await ledger.coveringApply(ticket);
  if (earlier) return outcomeOf(earlier, true);
  // Read before the state is: every ticket up to here was taken after its change was stored.
  const covered = Math.max(ticket, await ledger.newestTicket());
  let outcome: ApplyOutcome;
  try {
    outcome = { covered, changed: (await apply()).changed };
  } catch (err) {
    outcome = { covered, changed: false, error: (err as Error).message };
  }
  await ledger.recordApply(outcome);
  return outcomeOf(outcome, false);
}

function outcomeOf(outcome: ApplyOutcome, coalesced: boolean): SyncResult {
  if (outcome.error !== undefined) throw new ApplyFailed(outcome.error);
  return { changed: outcome.changed, covered: outcome.covered, coalesced };
}
