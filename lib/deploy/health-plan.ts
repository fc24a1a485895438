// What a new web container must answer before it gets traffic, and what one answer means — pure,
// so the rules are tested without containers. As on Heroku, a process that answers HTTP on PORT
// is up, whatever its `/` says (below 500); a path the user chose (the app's setting, else the
// build's CHECKS file) must answer 2xx/3xx. Only "no answer yet" waits out the timeout: an answer
// that stays wrong fails the deploy after a few tries, with what it was.
import type { ChecksFile, WebCheck } from "./checks-file.ts";

export interface PlannedCheck extends WebCheck {
  /** false: any HTTP answer below 500 passes (the default check); true: 2xx/3xx (and the content). */
  strict: boolean;
}

export interface HealthPlan {
  /** Each must pass once, in order. */
  checks: PlannedCheck[];
  /** Where the checks come from, for messages. */
  source: "default" | "setting" | "CHECKS" | "app.json";
  /** For all checks together, counted after waitMs. */
  timeoutMs: number;
  waitMs: number;
  requestTimeoutMs: number;
  /** Wrong answers to one check (counted once the process answers) that fail the deploy. */
  attempts: number;
  /** How long after a wrong answer the check asks again. */
  retryMs: number;
}

export const DEFAULT_ATTEMPTS = 5;
const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
/** A wrong answer is asked again after this long: a process that is still warming up gets time. */
export const WRONG_ANSWER_RETRY_MS = 1000;

export function planHealthCheck(opts: { path: string | null; timeoutMs: number; checksFile?: ChecksFile | null }): HealthPlan {
  const base = { timeoutMs: opts.timeoutMs, waitMs: 0, requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS, attempts: DEFAULT_ATTEMPTS, retryMs: WRONG_ANSWER_RETRY_MS };
  // The app's own setting wins over what a source asks for.
  if (opts.path) return { ...base, source: "setting", checks: [{ path: opts.path, strict: true }] };
  const file = opts.checksFile;
  if (file?.checks.length) {
    return {
      ...base,
      source: file.source ?? "CHECKS",
      checks: file.checks.map((c) => ({ ...c, strict: true })),
      waitMs: (file.waitSeconds ?? 0) * 1000,
      requestTimeoutMs: file.requestTimeoutSeconds !== undefined ? file.requestTimeoutSeconds * 1000 : DEFAULT_REQUEST_TIMEOUT_MS,
      attempts: file.attempts ?? DEFAULT_ATTEMPTS,
      retryMs: file.retrySeconds !== undefined ? file.retrySeconds * 1000 : WRONG_ANSWER_RETRY_MS,
    };
  }
  return { ...base, source: "default", checks: [{ path: "/", strict: false }] };
}

/** One request's outcome: an HTTP answer, or none (refused, reset, closed, timed out). */
export type ProbeResult = { answered: true; status: number; body: string } | { answered: false; problem: string };

export type Verdict =
  | { kind: "pass" }
  /** Ask again after retryInMs; `problem` is what the timeout message will say. */
  | { kind: "wait"; problem: string; wrongAnswers: number; retryInMs: number }
  | { kind: "fail"; reason: string };

/** What one probe result means for a check that has had `wrongAnswers` wrong answers so far. */
export function judgeProbe(plan: Pick<HealthPlan, "source" | "attempts"> & Partial<Pick<HealthPlan, "retryMs">>, check: PlannedCheck, result: ProbeResult, wrongAnswers: number): Verdict {
  if (!result.answered) return { kind: "wait", problem: result.problem, wrongAnswers, retryInMs: 0 };
  const request = `GET ${target(check)}`;
  if (!check.strict) {
    if (result.status < 500) return { kind: "pass" };
    // A server error may be a process still warming up (a 503 while it connects): not definite.
    return { kind: "wait", problem: `${request} answered HTTP ${result.status}`, wrongAnswers, retryInMs: WRONG_ANSWER_RETRY_MS };
  }
  const statusOk = result.status >= 200 && result.status < 400;
  const contentOk = check.content === undefined || result.body.includes(check.content);
  if (statusOk && contentOk) return { kind: "pass" };
  const answer = statusOk ? `HTTP ${result.status} without "${check.content}"` : `HTTP ${result.status}`;
  const wrong = wrongAnswers + 1;
  if (wrong >= plan.attempts) {
    const needs = `${CHECK_NAMES[plan.source]} needs 2xx or 3xx${check.content === undefined ? "" : ` holding "${check.content}"`}`;
    return { kind: "fail", reason: `${request} answered ${answer}${wrong > 1 ? ` ${wrong} times in a row` : ""} (${needs})` };
  }
  return { kind: "wait", problem: `${request} answered ${answer}`, wrongAnswers: wrong, retryInMs: plan.retryMs ?? WRONG_ANSWER_RETRY_MS };
}

const CHECK_NAMES: Record<HealthPlan["source"], string> = {
  default: "the default check",
  setting: "the app's health check",
  CHECKS: "a CHECKS check",
  "app.json": "an app.json health check",
};

function target(check: WebCheck): string {
  return check.host ? `${check.proto ?? "http"}://${check.host}${check.path}` : check.path;
}

/** A failed request in words a user acts on, rather than a socket error code. */
export function describeNoAnswer(err: NodeJS.ErrnoException, port: number, requestTimeoutMs: number): string {
  switch (err.code) {
    case "ECONNREFUSED":
      return `nothing listens on PORT ${port} yet`;
    case "ECONNRESET":
      return `the connection on PORT ${port} closed without an HTTP answer`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the container cannot be reached on its network";
    case "HPE_INVALID_CONSTANT":
    case "HPE_INVALID_VERSION":
      return `PORT ${port} answers something other than HTTP`;
  }
  if (err.message === "timed out") return `no HTTP answer within ${Math.round(requestTimeoutMs / 1000)} s on PORT ${port}`;
  if (err.message === "socket hang up") return `the connection on PORT ${port} closed without an HTTP answer`;
  return err.message;
}
