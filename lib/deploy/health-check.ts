// A new web container takes traffic only after it passes its health check (see health-plan.ts for
// what passes). Fails as soon as the check can no longer pass: the container exited, or an answer
// stayed wrong; only "no answer yet" waits out the timeout.
import http from "node:http";
import type { ChecksFile } from "./checks-file.ts";
import { describeNoAnswer, judgeProbe, planHealthCheck, type HealthPlan, type PlannedCheck, type ProbeResult } from "./health-plan.ts";

export interface HealthCheck {
  address: string;
  port: number;
  /** The app's setting; null for the default (or the build's CHECKS file). */
  path: string | null;
  /** What the build found in the source's CHECKS file. */
  checksFile?: ChecksFile | null;
  timeoutMs: number;
  /** Why the container stopped (e.g. "exited with code 127"), or null while it runs. */
  isGone?: () => Promise<string | null>;
}

// Enough of a body to find a CHECKS line's expected content in.
const BODY_LIMIT = 256 * 1024;

export async function waitUntilHealthy(check: HealthCheck): Promise<void> {
  const plan = planHealthCheck(check);
  let goneCheckedAt = 0;
  const stopIfGone = async () => {
    // Asking Docker costs more than a probe: every 250 ms is soon enough to stop waiting.
    if (Date.now() - goneCheckedAt < 250) return;
    goneCheckedAt = Date.now();
    const gone = await check.isGone?.();
    if (gone) throw new Error(gone);
  };
  const sleep = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until; ) {
      await stopIfGone();
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, until - Date.now()))));
    }
  };
  // No address: the container left its network at once (it exited before Docker reported one).
  if (!check.address) {
    await sleep(2000);
    throw new Error("the container has no address on the app's network");
  }
  await sleep(plan.waitMs);
  const started = Date.now();
  const deadline = started + plan.timeoutMs;
  let lastProblem = "no answer yet";
  for (const planned of plan.checks) {
    let wrongAnswers = 0;
    for (;;) {
      if (Date.now() >= deadline) throw new Error(`the web process did not pass its health check within ${Math.round(plan.timeoutMs / 1000)} s (${lastProblem})`);
      await stopIfGone();
      const result = await probe(check, plan, planned);
      const verdict = judgeProbe(plan, planned, result, wrongAnswers);
      if (verdict.kind === "pass") break;
      if (verdict.kind === "fail") {
        // A process that died meanwhile is the real reason, not the answers it gave on its way out.
        goneCheckedAt = 0;
        await stopIfGone();
        throw new Error(verdict.reason);
      }
      lastProblem = verdict.problem;
      wrongAnswers = verdict.wrongAnswers;
      // Most processes answer within a second of starting: look often then, and less after.
      await sleep(Math.min(Math.max(verdict.retryInMs, Date.now() < started + 2000 ? 10 : 100), Math.max(0, deadline - Date.now())));
    }
  }
}

function probe(check: HealthCheck, plan: HealthPlan, planned: PlannedCheck): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (planned.host) headers.host = planned.host;
    if (planned.proto) headers["x-forwarded-proto"] = planned.proto;
    const req = http.get({ host: check.address, port: check.port, path: planned.path, headers, timeout: plan.requestTimeoutMs, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (planned.content === undefined) {
        res.resume();
        return resolve({ answered: true, status, body: "" });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => resolve({ answered: true, status, body: Buffer.concat(chunks).toString("utf8") });
      res.on("data", (c: Buffer) => {
        if (size < BODY_LIMIT) chunks.push(c);
        size += c.length;
        if (size >= BODY_LIMIT) {
          res.destroy();
          done();
        }
      });
      res.on("end", done);
      res.on("error", done);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (err) => resolve({ answered: false, problem: describeNoAnswer(err, check.port, plan.requestTimeoutMs) }));
  });
}
