// Logs and metrics against the real collector, Docker, Redis and HAProxy: a sample that prints
// numbered lines on a schedule; lines arrive in order with their process; a collector killed
// mid-stream loses and repeats none; router lines for requests; drains to local HTTPS and
// syslog+TLS receivers get every line while a broken drain shows its error; a drain cannot probe
// the host (refused targets, errors that do not tell open ports from closed); metrics; bad input.
// The receivers listen on 127.0.0.42, the one loopback address the test instance allows drains
// (BERTH_DRAIN_ALLOWED_HOSTS in scripts/with-instance.sh).
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { after, before, describe, test } from "node:test";
import { parseSyslogFrames } from "../../lib/logs/drains/syslog-frame.ts";
import { CONNECT_FAILED } from "../../lib/logs/drains/transports.ts";
import { api, BASE, commitAll, createApp, push, requestViaRouter, sampleRepo, token, uniqueName, viaRouter, waitFor } from "../support/berth.ts";
import { certificateFactory } from "../support/certificates.ts";

/** Where the drain receivers listen: allowed to drains in the test instance, unlike the rest of loopback. */
const RECEIVER_HOST = "127.0.0.42";
const [ROUTER_HOST, ROUTER_PORT] = (process.env.BERTH_TEST_ROUTER ?? "127.0.0.1:8310").split(":") as [string, string];

interface Line {
  id: string;
  time: string;
  source: string;
  process: string;
  text: string;
}

/** The app's log as plain text lines (no follow). */
async function logText(app: string, query: string): Promise<string[]> {
  const res = await fetch(`${BASE}/api/v1/apps/${app}/log-stream?${query}`, { headers: { authorization: `Bearer ${await token()}`, accept: "text/plain" } });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain/);
  return (await res.text()).split("\n").filter(Boolean);
}

/** Follows the log as server-sent events until stopped; every line with the time it arrived. */
function followEvents(app: string, query: string) {
  const got: Array<Line & { receivedAt: number }> = [];
  const abort = new AbortController();
  const done = (async () => {
    const res = await fetch(`${BASE}/api/v1/apps/${app}/log-stream?${query}`, { headers: { authorization: `Bearer ${await token()}` }, signal: abort.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += Buffer.from(chunk).toString("utf8");
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split("\n").find((l) => l.startsWith("data: "));
        if (data) got.push({ ...(JSON.parse(data.slice(6)) as Line), receivedAt: Date.now() });
      }
    }
  })().catch((err) => {
    if (!abort.signal.aborted) throw err;
  });
  return { got, stop: async () => (abort.abort(), await done) };
}

/** Tick numbers of one process, in the order the log has them. */
const ticks = (texts: string[], proc: string) => texts.flatMap((t) => (new RegExp(`\\btick ${proc.replace(".", "\\.")} (\\d+) `).exec(t) ? [Number(RegExp.$1)] : []));

function assertConsecutive(numbers: number[], what: string) {
  const dups = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  assert.deepEqual(dups, [], `${what}: doubled lines`);
  const gaps = numbers.flatMap((n, i) => (i > 0 && n !== numbers[i - 1]! + 1 ? [`${numbers[i - 1]}→${n}`] : []));
  assert.deepEqual(gaps, [], `${what}: lost or reordered lines`);
}

function request(app: string, method: string, route: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: ROUTER_HOST, port: Number(ROUTER_PORT), method, path: route, headers: { host: `${app}.${process.env.BERTH_DOMAIN ?? "berth.localhost"}` }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("logs and metrics", { concurrency: false }, () => {
  let app: string;
  let repo: string;

  before(async () => {
    app = await createApp("logs");
    repo = await sampleRepo("log-ticker");
    // An image of its own (see e2e/cli/cli.test.ts): deleting this app must not touch another's.
    fs.appendFileSync(path.join(repo, "ticker.py"), `# ${app}\n`);
    await commitAll(repo, "own image");
    const pushed = await push(repo, app);
    assert.equal(pushed.code, 0, pushed.output);
  });
  after(async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test("lines a container prints arrive in order, with their process; build output and platform events too", async () => {
    // A first request, early, so the metrics test finds it sampled already.
    assert.equal((await viaRouter(app, "/early")).status, 200);
    const scaled = await api("PATCH", `/api/v1/apps/${app}/formation/worker`, { quantity: 1 });
    assert.equal(scaled.status, 200, JSON.stringify(scaled.body));
    const lines = await waitFor("20 ticks of web.1 and 5 of worker.1", async () => {
      const all = await logText(app, "lines=2000");
      return ticks(all, "web.1").length >= 20 && ticks(all, "worker.1").length >= 5 ? all : undefined;
    });
    // A fresh app: every tick from the first, once each, in order; stderr lines (every fifth) included.
    for (const proc of ["web.1", "worker.1"]) {
      const seen = ticks(lines, proc);
      assert.equal(seen[0], 1, `${proc} starts at its first line`);
      assertConsecutive(seen, proc);
    }
    assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z (app|router|build|berth|addon)(\[[^\]]*\])?: /.test(l)), lines.find((l) => !/Z \w+/.test(l)));
    assert.ok(lines.some((l) => / app\[web\.1\]: tick web\.1 1 /.test(l)));
    assert.ok(lines.some((l) => / build\[build\]: -----> Building with the Dockerfile/.test(l)), "build output is in the log");
    assert.ok(lines.some((l) => / berth\[api\]: Release v1 is live/.test(l)), "the release event is in the log");
    assert.ok(lines.some((l) => / berth\[api\]: admin scaled worker to 1:standard/.test(l)), "the scale event is in the log");

    // Filters: one process, one type, one source.
    const web = await logText(app, "lines=50&process=web.1");
    assert.ok(web.length > 0 && web.every((l) => /\[web\.1\]:/.test(l)), web.find((l) => !/\[web\.1\]:/.test(l)));
    const workers = await logText(app, "lines=5&process=worker&source=app");
    assert.equal(workers.length, 5);
    assert.ok(workers.every((l) => / app\[worker\.1\]: tick worker\.1 /.test(l)));
    const berth = await logText(app, "lines=100&source=berth");
    assert.ok(berth.length >= 2 && berth.every((l) => / berth\[/.test(l)));
  });

  test("a collector killed mid-stream loses and doubles no line", async (t) => {
    const pidFile = path.join(process.env.BERTH_DATA_DIR!, "log-collector.pid");
    const follow = followEvents(app, "lines=0&tail=true&process=web.1&source=app");
    await waitFor("live lines", async () => follow.got.length >= 10);
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    process.kill(pid, "SIGKILL");
    const killedAt = Date.now();
    // The supervisor starts a new collector, which takes over once the dead one's lease runs out.
    await waitFor("a new collector", async () => fs.existsSync(pidFile) && Number(fs.readFileSync(pidFile, "utf8")) !== pid, 30_000);
    const countAtRestart = ticks(follow.got.map((l) => l.text), "web.1").length;
    await waitFor("lines after the restart", async () => ticks(follow.got.map((l) => l.text), "web.1").length >= countAtRestart + 20, 30_000);
    await follow.stop();
    t.diagnostic(`collector back after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);

    const live = ticks(follow.got.map((l) => l.text), "web.1");
    assertConsecutive(live, "followed over the restart");
    // The stored log agrees: the same lines, each once, from the first tick on.
    const stored = ticks(await logText(app, "lines=5000&process=web.1&source=app"), "web.1");
    assert.equal(stored[0], 1);
    assertConsecutive(stored, "stored over the restart");
    assert.ok(stored.length >= live[live.length - 1]!);
  });

  test("a request through the router is a router line with its status, process, host and request id", async () => {
    const marker = `/router-check-${Date.now()}`;
    const clientId = `client-chosen-${Date.now()}-0123456789`;
    const seen: string[] = [];
    // Router lines reach the collector a moment after the request (through HAProxy's ring), so ask again.
    const found = await waitFor("the router lines", async () => {
      const get = await requestViaRouter(app, { path: `${marker}?q=1` });
      assert.equal(get.status, 200);
      // The app got an id from the router: a new UUID, or the client's own when it looks like an id.
      seen.push(String(get.headers["x-seen-request-id"]));
      assert.match(seen.at(-1)!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal((await requestViaRouter(app, { path: `${marker}-own`, headers: { "x-request-id": clientId } })).headers["x-seen-request-id"], clientId);
      const odd = await requestViaRouter(app, { path: `${marker}-odd`, headers: { "x-request-id": 'not an id {"x"|y} 0123456789' } });
      assert.match(String(odd.headers["x-seen-request-id"]), /^[0-9a-f-]{36}$/);
      // An id after a comma does not carry the rest of the header through.
      const smuggled = await requestViaRouter(app, { path: `${marker}-odd`, headers: { "x-request-id": `<script>,${clientId}` } });
      assert.match(String(smuggled.headers["x-seen-request-id"]), /^[0-9a-f-]{36}$/);
      assert.equal(await request(app, "POST", `${marker}-post`), 501); // the sample's server has no POST
      await new Promise((r) => setTimeout(r, 1500));
      const lines = await logText(app, "lines=200&source=router");
      const line = (suffix: string) => lines.find((l) => l.includes(`path="${marker}${suffix}"`));
      const all = { get: line("?q=1"), own: line("-own"), odd: line("-odd"), post: line("-post") };
      return Object.values(all).every(Boolean) ? (all as Record<keyof typeof all, string>) : undefined;
    }, 20_000);
    const host = `${app}.${process.env.BERTH_DOMAIN ?? "berth.localhost"}`.replaceAll(".", "\\.");
    assert.match(found.get, new RegExp(`^\\S+ router\\[web\\.1\\]: at=info method=GET path="/router-check-\\d+\\?q=1" host=${host} request_id=([0-9a-f-]{36}) status=200 bytes=\\d+ dyno=web\\.1 connect=\\d+ms service=\\d+ms total=\\d+ms fwd="127\\.0\\.0\\.1"$`));
    assert.ok(seen.some((id) => found.get.includes(` request_id=${id} `)), `the app saw ${seen.join(", ")}; the router line says ${found.get}`);
    assert.match(found.own, new RegExp(` request_id=${clientId} `));
    assert.match(found.odd, / request_id=[0-9a-f-]{36} /);
    // An error status from the app is the app's answer (at=info); at=error is for the router's own failures.
    assert.match(found.post, / router\[web\.1\]: at=info method=POST path="\/router-check-\d+-post" host=\S+ request_id=\S+ status=501 /);
  });

  test("drains to HTTPS and syslog+TLS receivers get every line; a broken drain shows its error and blocks nothing", async (t) => {
    const receiver = await startReceivers();
    try {
      const https1 = await api("POST", `/api/v1/apps/${app}/log-drains`, { url: `https://${RECEIVER_HOST}:${receiver.httpsPort}/drain?token=s3cret` });
      assert.equal(https1.status, 201, JSON.stringify(https1.body));
      assert.equal(https1.body.url, `https://${RECEIVER_HOST}:${receiver.httpsPort}/drain?token=***`);
      const syslog = await api("POST", `/api/v1/apps/${app}/log-drains`, { url: `syslog+tls://${RECEIVER_HOST}:${receiver.syslogPort}` });
      assert.equal(syslog.status, 201, JSON.stringify(syslog.body));
      const broken = await api("POST", `/api/v1/apps/${app}/log-drains`, { url: `https://${RECEIVER_HOST}:${receiver.closedPort}/` });
      assert.equal(broken.status, 201);
      assert.equal((await api("POST", `/api/v1/apps/${app}/log-drains`, { url: `syslog+tls://${RECEIVER_HOST}:${receiver.syslogPort}` })).status, 409);
      const listed = await api("GET", `/api/v1/apps/${app}/log-drains`);
      assert.equal(listed.body.length, 3);
      assert.ok(!JSON.stringify(listed.body).includes("s3cret"), "the token is never shown");

      // Drains start within a couple of seconds: then a burst of numbered lines must reach both, each once, in order.
      await waitFor("both drains delivering", async () => receiver.https.length > 0 && receiver.syslog.length > 0, 20_000);
      const start = Date.now();
      assert.equal((await viaRouter(app, "/burst?n=300")).status, 200);
      const bursts = (messages: string[]) => messages.flatMap((m) => (/ burst web\.1 (\d+) /.exec(m) ? [Number(RegExp.$1)] : []));
      await waitFor("300 burst lines at both drains", async () => bursts(receiver.https).length >= 300 && bursts(receiver.syslog).length >= 300, 20_000);
      t.diagnostic(`300 lines at both drains ${Date.now() - start} ms after the request`);
      for (const [name, messages] of [["https", receiver.https], ["syslog+tls", receiver.syslog]] as const) {
        const got = bursts(messages);
        assert.equal(got[0], 1, name);
        assertConsecutive(got, name);
        assert.match(messages.find((m) => / burst web\.1 1 /.test(m))!, /^<190>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ app web\.1 - - burst web\.1 1 \d+$/);
      }
      assert.equal(receiver.headers["content-type"], "application/logplex-1");
      assert.equal(receiver.headers.path, "/drain?token=s3cret");

      // The ticks too: every one the log has from the first the drain got on (numbers make each line unique).
      const logged = ticks(await logText(app, "lines=3000&process=web.1&source=app"), "web.1");
      const delivered = new Set(ticks(receiver.https, "web.1"));
      const from = logged.findIndex((n) => delivered.has(n));
      assert.ok(from >= 0, "the drain got ticks");
      assert.deepEqual(logged.slice(from, -10).filter((n) => !delivered.has(n)), []);

      const failing = await waitFor("the broken drain's error", async () => {
        const d = (await api("GET", `/api/v1/apps/${app}/log-drains`)).body.find((x: { id: string }) => x.id === broken.body.id);
        return d?.lastError ? d : undefined;
      });
      assert.equal(failing.state, "failing");
      assert.equal(failing.lastError, CONNECT_FAILED);
      const delivering = (await api("GET", `/api/v1/apps/${app}/log-drains`)).body.find((x: { id: string }) => x.id === https1.body.id);
      assert.equal(delivering.state, "delivering");
      assert.ok(delivering.delivered > 0 || (await waitFor("the delivered count", async () => (await api("GET", `/api/v1/apps/${app}/log-drains`)).body.find((x: { id: string }) => x.id === https1.body.id).delivered > 0)));
      const events = await logText(app, "lines=200&source=berth&process=drain");
      assert.ok(events.some((l) => l.includes(`drain https://${RECEIVER_HOST}:${receiver.closedPort}/ failed: ${CONNECT_FAILED}`)), events.join("\n"));

      for (const d of [https1, syslog, broken]) assert.equal((await api("DELETE", `/api/v1/apps/${app}/log-drains/${d.body.id}`)).status, 204);
      assert.equal((await api("DELETE", `/api/v1/apps/${app}/log-drains/${https1.body.id}`)).status, 404);
    } finally {
      await receiver.close();
    }
  });

  test("a drain cannot point at this machine or the networks behind it: refused with the rule named, nothing stored", async () => {
    // A second user, as an attacker would be: their own app, drains aimed at Berth's host.
    const as = await newUser("drainer");
    const probe = uniqueName("probe");
    assert.equal((await api("POST", "/api/v1/apps", { name: probe }, as)).status, 201);
    try {
      const berthPort = new URL(BASE).port;
      const ownAddresses = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => !a.internal));
      const cases: Array<[string, RegExp]> = [
        [`https://127.0.0.1:${berthPort}/api/v1/health`, /loopback/],
        ["syslog+tls://127.0.0.1:6379", /loopback/],
        [`https://[::1]:${berthPort}/`, /loopback/],
        [`https://[::ffff:127.0.0.1]:${berthPort}/`, /loopback/],
        ["https://127.0.0.43/", /loopback/], // next to the one address the instance allows
        ["https://169.254.169.254/latest/meta-data/", /link-local/],
        [`https://localhost:${berthPort}/`, /this machine: localhost is loopback/],
        [`https://${probe}.berth.localhost/`, /this machine/],
        [`https://2130706433:${berthPort}/`, /loopback/],
        [`https://0x7f.1:${berthPort}/`, /loopback/],
        ["syslog+tls://2130706433:6379", /loopback.*2130706433 resolves to one/],
        [`https://0.0.0.0:${berthPort}/`, /unspecified/],
        ["https://172.17.0.1:2375/", /private|own addresses/],
        ["https://10.0.0.1/", /private/],
        ...ownAddresses.map((a): [string, RegExp] => [`https://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${berthPort}/`, a.address.startsWith("fe80") ? /link-local/ : /this machine's own addresses/]),
      ];
      for (const [url, rule] of cases) {
        const res = await api("POST", `/api/v1/apps/${probe}/log-drains`, { url }, as);
        assert.equal(res.status, 422, `${url} → ${res.status} ${JSON.stringify(res.body)}`);
        assert.match(res.body.message, /^log drains may not point at /, url);
        assert.match(res.body.message, rule, url);
      }
      const listed = await api("GET", `/api/v1/apps/${probe}/log-drains`, undefined, as);
      assert.deepEqual(listed.body, [], "nothing was stored");
    } finally {
      assert.equal((await api("DELETE", `/api/v1/apps/${probe}`)).status, 204);
    }
  });

  test("a failing drain's error does not tell a closed port from an open, silent, plain or untrusted-TLS one", async () => {
    // On the one address the instance allows (anything else is refused before connecting): the
    // text is the same whatever answered, so an allowed drain is no port scanner either.
    const receiver = await startReceivers();
    const targets = {
      closed: `https://${RECEIVER_HOST}:${receiver.closedPort}/`,
      plain: `https://${RECEIVER_HOST}:${receiver.plainPort}/`,
      silent: `https://${RECEIVER_HOST}:${receiver.silentPort}/`,
      untrusted: `https://${RECEIVER_HOST}:${receiver.untrustedPort}/`,
      "syslog closed": `syslog+tls://${RECEIVER_HOST}:${receiver.closedPort}`,
      "syslog plain": `syslog+tls://${RECEIVER_HOST}:${receiver.plainPort}`,
    };
    const ids: string[] = [];
    try {
      for (const url of Object.values(targets)) {
        const res = await api("POST", `/api/v1/apps/${app}/log-drains`, { url });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        ids.push(res.body.id);
      }
      // The silent one fails when its 10 s connect timeout ends.
      const errors = await waitFor("every drain's error", async () => {
        const listed = (await api("GET", `/api/v1/apps/${app}/log-drains`)).body as Array<{ id: string; lastError: string | null }>;
        const mine = ids.map((id) => listed.find((d) => d.id === id)?.lastError ?? null);
        return mine.every(Boolean) ? mine : undefined;
      }, 40_000);
      const byTarget = Object.fromEntries(Object.keys(targets).map((name, i) => [name, errors[i]]));
      for (const [name, error] of Object.entries(byTarget)) assert.equal(error, CONNECT_FAILED, `${name}: ${JSON.stringify(byTarget)}`);
      const events = await logText(app, "lines=500&source=berth&process=drain");
      for (const url of Object.values(targets)) assert.ok(events.some((l) => l.includes(`drain ${url} failed: ${CONNECT_FAILED};`)), `${url}\n${events.join("\n")}`);
    } finally {
      for (const id of ids) await api("DELETE", `/api/v1/apps/${app}/log-drains/${id}`);
      await receiver.close();
    }
  });

  test("metrics: CPU, memory and restarts per process, request rate, statuses and response times", async () => {
    // Samples come every 10 s; CPU needs two of them, and the earlier tests' requests are in one.
    const samples = await waitFor(
      "samples with CPU and with requests",
      async () => {
        await viaRouter(app, "/metrics-check");
        const res = await api("GET", `/api/v1/apps/${app}/metrics?since=10m`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.resolution, "10s");
        const list = res.body.samples as any[];
        const cpu = list.find((s) => s.processes.some((p: any) => p.name === "web.1" && p.cpuPercent !== null));
        const requests = list.find((s) => s.router.requests > 0);
        if (cpu && requests) return { cpu, requests };
        // Said when the wait times out: what the samples held instead.
        const latest = list.at(-1);
        throw new Error(`${list.length} samples; latest ${JSON.stringify(latest?.processes.find((p: any) => p.name === "web.1"))}, router ${JSON.stringify(latest?.router)}`);
      },
      // The previous test killed the collector: its successor waits out the lease (5 s) before sampling.
      60_000,
    );
    const web = samples.cpu.processes.find((p: any) => p.name === "web.1");
    assert.ok(web.cpuPercent >= 0 && web.cpuPercent < 200, JSON.stringify(web));
    assert.ok(web.memoryBytes > 1024 * 1024 && web.memoryLimitBytes >= web.memoryBytes, JSON.stringify(web));
    assert.equal(web.restarts, 0);
    assert.equal(web.state, "up");
    const router = samples.requests.router;
    assert.ok(router.status["2xx"] > 0 && router.ratePerSecond > 0 && router.p50Ms !== null && router.p95Ms >= router.p50Ms, JSON.stringify(router));
    const day = await api("GET", `/api/v1/apps/${app}/metrics?since=24h`);
    assert.equal(day.body.resolution, "1m");
  });

  test("bad input is refused with a clear message", async () => {
    for (const [query, message] of [
      ["lines=-1", /lines must be 0 or more/],
      ["lines=abc", /lines must be a number/],
      ["lines=999999", /lines must be at most/],
      ["source=app,nope", /source must be one of app, router, build, berth, addon/],
      ["process=Web!", /process must be a process type like web/],
      ["tail=maybe", /tail must be true or false/],
      ["color=red", /color/],
    ] as const) {
      const res = await api("GET", `/api/v1/apps/${app}/log-stream?${query}`);
      assert.equal(res.status, 422, query);
      assert.match(res.body.message, message);
    }
    assert.equal((await api("GET", `/api/v1/apps/no-such-app-1/log-stream`)).status, 404);
    assert.equal((await fetch(`${BASE}/api/v1/apps/${app}/log-stream`)).status, 401);
    for (const [url, message] of [
      ["ftp://example.com/x", /starts with https:\/\/ or syslog\+tls:\/\//],
      ["syslog+tls://example.com", /needs a port/],
      ["not a url", /must be a URL/],
    ] as const) {
      const res = await api("POST", `/api/v1/apps/${app}/log-drains`, { url });
      assert.equal(res.status, 422, url);
      assert.match(res.body.message, message);
    }
    for (const since of ["yesterday", "2999-01-01T00:00:00Z"]) assert.equal((await api("GET", `/api/v1/apps/${app}/metrics?since=${since}`)).status, 422, since);
    assert.equal((await api("GET", `/api/v1/apps/${app}/metrics?resolution=1h`)).status, 422);
  });
});

/**
 * On RECEIVER_HOST: an HTTPS receiver (Heroku's logplex framing) and a syslog-over-TLS receiver
 * with a self-signed certificate Berth is told to trust (its drain CA file), and what a port
 * scanner would want told apart: a closed port, a plain-TCP service that answers (like Redis), one
 * that never answers, and a TLS server with a certificate Berth does not trust.
 */
async function startReceivers() {
  const certs = certificateFactory();
  const pem = await certs.make({ names: [RECEIVER_HOST], days: 1 });
  const untrusted = await certs.make({ names: [RECEIVER_HOST], days: 1 });
  fs.appendFileSync(path.join(process.env.BERTH_DATA_DIR!, "drain-ca.pem"), pem.cert);

  const received = { https: [] as string[], syslog: [] as string[], headers: {} as Record<string, string> };
  const httpsServer = https.createServer(pem, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.headers = { "content-type": req.headers["content-type"] ?? "", path: req.url ?? "" };
      received.https.push(...parseSyslogFrames(Buffer.concat(chunks)).messages);
      res.writeHead(200).end();
    });
  });
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
  };
  const syslogServer = tls.createServer(pem, (socket) => {
    track(socket);
    let rest = Buffer.alloc(0);
    socket.on("data", (c: Buffer) => {
      const parsed = parseSyslogFrames(Buffer.concat([rest, c]));
      received.syslog.push(...parsed.messages);
      rest = Buffer.from(parsed.rest);
    });
  });
  const plainServer = net.createServer((socket) => {
    track(socket);
    socket.end("-ERR unknown command\r\n");
  });
  const silentServer = net.createServer(track);
  const untrustedServer = tls.createServer(untrusted, track);
  const servers = [httpsServer, syslogServer, plainServer, silentServer, untrustedServer];
  const listen = (server: net.Server) => new Promise<number>((resolve) => server.listen(0, RECEIVER_HOST, () => resolve((server.address() as AddressInfo).port)));
  const [httpsPort, syslogPort, plainPort, silentPort, untrustedPort] = await Promise.all(servers.map(listen));
  // A port nothing listens on: bound, noted, closed.
  const probe = net.createServer();
  const closedPort = await listen(probe);
  await new Promise((r) => probe.close(r));
  return {
    get https() {
      return received.https;
    },
    get syslog() {
      return received.syslog;
    },
    get headers() {
      return received.headers;
    },
    httpsPort: httpsPort!,
    syslogPort: syslogPort!,
    closedPort,
    plainPort: plainPort!,
    silentPort: silentPort!,
    untrustedPort: untrustedPort!,
    close: async () => {
      // A drain left behind by a failed test keeps its connections open: close them too.
      httpsServer.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((r) => server.close(r))));
      certs.remove();
    },
  };
}

/** A second user, invited by the admin: their token's headers. */
async function newUser(prefix: string): Promise<Record<string, string>> {
  const username = uniqueName(prefix).replace(/-/g, "").slice(0, 20);
  const password = `pw-${Date.now()}-${prefix}-secret`;
  const invitation = await api("POST", "/api/v1/invitations", {});
  assert.equal(invitation.status, 201, JSON.stringify(invitation.body));
  assert.equal((await api("POST", "/api/v1/users", { invitation: invitation.body.secret, username, password })).status, 201);
  const login = await fetch(`${BASE}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  assert.equal(login.status, 201);
  return { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
}
