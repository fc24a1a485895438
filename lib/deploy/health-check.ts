// A new web container takes traffic only after it answers HTTP on its port with 2xx/3xx.
import http from "node:http";

export interface HealthCheck {
  address: string;
  port: number;
  path: string;
  timeoutMs: number;
  /** Stops waiting early, e.g. when the container has exited. */
  isGone?: () => Promise<string | null>;
}

export async function waitUntilHealthy(check: HealthCheck): Promise<void> {
  const started = Date.now();
  const deadline = started + check.timeoutMs;
  let lastProblem = "no answer yet";
  let goneCheckedAt = 0;
  while (Date.now() < deadline) {
    // Asking Docker costs more than a probe: every 250 ms is soon enough to stop waiting.
    if (Date.now() - goneCheckedAt >= 250) {
      goneCheckedAt = Date.now();
      const gone = await check.isGone?.();
      if (gone) throw new Error(gone);
    }
    const status = await probe(check).catch((err: Error) => {
      lastProblem = err.message;
      return 0;
    });
    if (status >= 200 && status < 400) return;
    if (status) lastProblem = `HTTP ${status} on ${check.path}`;
    // Most processes answer within a second of starting: look often then, and less after.
    await new Promise((r) => setTimeout(r, Date.now() < started + 2000 ? 10 : 100));
  }
  throw new Error(`the web process did not pass its health check within ${Math.round(check.timeoutMs / 1000)} s (${lastProblem})`);
}

function probe(check: HealthCheck): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: check.address, port: check.port, path: check.path, timeout: 2000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}
