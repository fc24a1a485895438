import assert from "node:assert/strict";
import { test } from "node:test";
import { describeNoAnswer, judgeProbe, planHealthCheck, WRONG_ANSWER_RETRY_MS, type PlannedCheck } from "./health-plan.ts";

const answer = (status: number, body = "") => ({ answered: true as const, status, body });
const noAnswer = { answered: false as const, problem: "nothing listens on PORT 5000 yet" };

test("no path and no CHECKS file: any HTTP answer below 500 on / passes", () => {
  const plan = planHealthCheck({ path: null, timeoutMs: 60_000 });
  assert.equal(plan.source, "default");
  assert.deepEqual(plan.checks, [{ path: "/", strict: false }]);
  const check = plan.checks[0]!;
  for (const status of [200, 301, 401, 404, 499]) assert.deepEqual(judgeProbe(plan, check, answer(status), 0), { kind: "pass" });
  // A server error may be a process still warming up: asked again (spaced), never a definite failure.
  for (let n = 0; n < 20; n++) {
    assert.deepEqual(judgeProbe(plan, check, answer(503), 0), { kind: "wait", problem: "GET / answered HTTP 503", wrongAnswers: 0, retryInMs: WRONG_ANSWER_RETRY_MS });
  }
  assert.deepEqual(judgeProbe(plan, check, noAnswer, 0), { kind: "wait", problem: noAnswer.problem, wrongAnswers: 0, retryInMs: 0 });
});

test("the app's path wins over a CHECKS file, and must answer 2xx/3xx", () => {
  const plan = planHealthCheck({ path: "/up", timeoutMs: 30_000, checksFile: { checks: [{ path: "/other" }], attempts: 9 } });
  assert.deepEqual({ source: plan.source, checks: plan.checks, attempts: plan.attempts, timeoutMs: plan.timeoutMs }, { source: "setting", checks: [{ path: "/up", strict: true }], attempts: 5, timeoutMs: 30_000 });
  const check = plan.checks[0]!;
  assert.deepEqual(judgeProbe(plan, check, answer(204), 0), { kind: "pass" });
  assert.deepEqual(judgeProbe(plan, check, answer(302), 4), { kind: "pass" });
  assert.deepEqual(judgeProbe(plan, check, answer(404), 0), { kind: "wait", problem: "GET /up answered HTTP 404", wrongAnswers: 1, retryInMs: WRONG_ANSWER_RETRY_MS });
  // "No answer yet" neither counts nor resets the wrong answers.
  assert.deepEqual(judgeProbe(plan, check, noAnswer, 3), { kind: "wait", problem: noAnswer.problem, wrongAnswers: 3, retryInMs: 0 });
  assert.deepEqual(judgeProbe(plan, check, answer(404), 4), { kind: "fail", reason: "GET /up answered HTTP 404 5 times in a row (the app's health check needs 2xx or 3xx)" });
  assert.deepEqual(judgeProbe(plan, check, answer(500), 4), { kind: "fail", reason: "GET /up answered HTTP 500 5 times in a row (the app's health check needs 2xx or 3xx)" });
});

test("a CHECKS file's checks: its settings, its hosts, its expected content", () => {
  const plan = planHealthCheck({
    path: null,
    timeoutMs: 60_000,
    checksFile: { checks: [{ path: "/ready", content: "ok" }, { path: "/", host: "admin.example.com", proto: "https" }], waitSeconds: 3, requestTimeoutSeconds: 7, attempts: 2 },
  });
  assert.deepEqual(
    { source: plan.source, waitMs: plan.waitMs, requestTimeoutMs: plan.requestTimeoutMs, attempts: plan.attempts },
    { source: "CHECKS", waitMs: 3000, requestTimeoutMs: 7000, attempts: 2 },
  );
  const [ready, admin] = plan.checks as [PlannedCheck, PlannedCheck];
  assert.deepEqual(judgeProbe(plan, ready, answer(200, "all ok here"), 0), { kind: "pass" });
  assert.deepEqual(judgeProbe(plan, ready, answer(200, "starting"), 0), { kind: "wait", problem: 'GET /ready answered HTTP 200 without "ok"', wrongAnswers: 1, retryInMs: WRONG_ANSWER_RETRY_MS });
  assert.deepEqual(judgeProbe(plan, ready, answer(200, "starting"), 1), { kind: "fail", reason: 'GET /ready answered HTTP 200 without "ok" 2 times in a row (a CHECKS check needs 2xx or 3xx holding "ok")' });
  assert.deepEqual(judgeProbe(plan, admin, answer(404), 1), { kind: "fail", reason: "GET https://admin.example.com/ answered HTTP 404 2 times in a row (a CHECKS check needs 2xx or 3xx)" });
  assert.deepEqual(judgeProbe({ ...plan, attempts: 1 }, admin, answer(404), 0), { kind: "fail", reason: "GET https://admin.example.com/ answered HTTP 404 (a CHECKS check needs 2xx or 3xx)" });
});

test("requests that get no HTTP answer are described in words", () => {
  const err = (code: string | undefined, message: string) => Object.assign(new Error(message), { code });
  assert.equal(describeNoAnswer(err("ECONNREFUSED", "connect ECONNREFUSED 172.18.0.5:5000"), 5000, 5000), "nothing listens on PORT 5000 yet");
  assert.equal(describeNoAnswer(err("ECONNRESET", "socket hang up"), 5000, 5000), "the connection on PORT 5000 closed without an HTTP answer");
  assert.equal(describeNoAnswer(err(undefined, "timed out"), 5000, 7000), "no HTTP answer within 7 s on PORT 5000");
  assert.equal(describeNoAnswer(err("HPE_INVALID_CONSTANT", "Parse Error"), 5000, 5000), "PORT 5000 answers something other than HTTP");
});

test("app.json's health checks: named as such, asked again after its `wait`; the app's setting still wins", () => {
  const checksFile = { checks: [{ path: "/ready" }], source: "app.json" as const, attempts: 2, retrySeconds: 3 };
  const plan = planHealthCheck({ path: null, timeoutMs: 60_000, checksFile });
  assert.deepEqual({ source: plan.source, attempts: plan.attempts, retryMs: plan.retryMs }, { source: "app.json", attempts: 2, retryMs: 3000 });
  const [ready] = plan.checks as [PlannedCheck];
  assert.deepEqual(judgeProbe(plan, ready, answer(404), 0), { kind: "wait", problem: "GET /ready answered HTTP 404", wrongAnswers: 1, retryInMs: 3000 });
  assert.deepEqual(judgeProbe(plan, ready, answer(404), 1), { kind: "fail", reason: "GET /ready answered HTTP 404 2 times in a row (an app.json health check needs 2xx or 3xx)" });
  assert.equal(planHealthCheck({ path: "/up", timeoutMs: 60_000, checksFile }).source, "setting");
});
