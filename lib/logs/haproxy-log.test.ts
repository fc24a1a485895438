import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHaproxyLog, routerLineText } from "./haproxy-log.ts";

// Captured from HAProxy 2.6 with `log 127.0.0.1:… local0` and `option httplog`.
const GET =
  '<134>Nov 25 13:01:54 haproxy[12497]: 127.0.0.1:39814 [25/Nov/2026:13:01:54.262] http app_demo/web.1-a1b2c3 0/0/0/11/11 404 500 - - ---- 1/1/0/0/0 0/0 "GET /some/path?q=1 HTTP/1.1"\n';

test("an access log line becomes a request of the app's backend, with its process", () => {
  assert.deepEqual(parseHaproxyLog(GET), {
    app: "demo",
    process: "web.1",
    client: "127.0.0.1",
    method: "GET",
    path: "/some/path?q=1",
    status: 404,
    bytes: 500,
    connectMs: 0,
    serviceMs: 11,
    totalMs: 11,
    termination: "----",
    host: "",
    requestId: "",
  });
  assert.equal(
    routerLineText(parseHaproxyLog(GET)!),
    'at=info method=GET path="/some/path?q=1" status=404 bytes=500 dyno=web.1 connect=0ms service=11ms total=11ms fwd="127.0.0.1"',
  );
});

// Captured from HAProxy 2.6 with Berth's frontend captures (`{host|request id}`), over the ring.
const CAPTURED =
  '127.0.0.1:50172 [25/Nov/2026:18:46:03.656] http app_demo/web.1-a1b2c3 0/0/1/2/3 200 159 - - ---- 1/1/0/0/0 0/0 {demo.example.com|010a76cf-b78e-4676-8285-9188cdd4a709} "GET /x HTTP/1.1"';

test("the host and request id Berth's router captures are in the router line", () => {
  const r = parseHaproxyLog(CAPTURED)!;
  assert.equal(r.host, "demo.example.com");
  assert.equal(r.requestId, "010a76cf-b78e-4676-8285-9188cdd4a709");
  assert.equal(
    routerLineText(r),
    'at=info method=GET path="/x" host=demo.example.com request_id=010a76cf-b78e-4676-8285-9188cdd4a709 status=200 bytes=159 dyno=web.1 connect=1ms service=2ms total=3ms fwd="127.0.0.1"',
  );
  // Anything but plain id characters (HAProxy writes the rest as #XX) is left out, not shown.
  const odd = parseHaproxyLog(CAPTURED.replace("{demo.example.com|", "{demo.example.com#20x=y|").replace("010a76cf", "#22oops"))!;
  assert.equal(odd.host, "");
  assert.equal(odd.requestId, "");
  assert.match(routerLineText(odd), /path="\/x" status=200/);
  // A second capture block (response headers) does not shift the request's fields.
  assert.equal(parseHaproxyLog(CAPTURED.replace('} "GET', '} {text/html} "GET'))?.path, "/x");
});

test("no server, failed connections, TLS frontends, captures and retries parse too", () => {
  const none = parseHaproxyLog('<134>Nov 25 13:01:54 haproxy[1]: 10.0.0.9:1 [25/Nov/2026:13:01:54.294] http~ app_shop/<NOSRV> 0/-1/-1/-1/0 503 217 - - LR-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"');
  assert.equal(none?.app, "shop");
  assert.equal(none?.process, "");
  assert.equal(none?.status, 503);
  assert.match(routerLineText(none!), /^at=error .* dyno=none .* termination=LR--$/);
  const retried = parseHaproxyLog('<134>Nov 25 13:01:54 haproxy[1]: 10.0.0.9:1 [25/Nov/2026:13:01:54.294] http app_a-b/web.12-ff00aa 0/0/3/-1/5003 502 +200 - - SH-- 1/1/0/0/+3 0/0 {example.com} "POST /x HTTP/1.1"');
  assert.equal(retried?.app, "a-b");
  assert.equal(retried?.process, "web.12");
  assert.equal(retried?.bytes, 200);
  assert.equal(retried?.serviceMs, -1);
  assert.equal(retried?.method, "POST");
});

test("requests to no app, and anything that is not an access log line, are left out", () => {
  assert.equal(parseHaproxyLog('<134>Nov 25 13:01:54 haproxy[1]: 1.2.3.4:5 [25/Nov/2026:13:01:54.294] http no_app/<NOSRV> 0/-1/-1/-1/0 404 100 - - LR-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"'), null);
  assert.equal(parseHaproxyLog("<133>Nov 25 13:01:54 haproxy[1]: Proxy http started."), null);
  assert.equal(parseHaproxyLog(""), null);
});

test("a path with quotes cannot break out of the router line", () => {
  const r = parseHaproxyLog('<134>Nov 25 13:01:54 haproxy[1]: 1.2.3.4:5 [x] http app_a/web.1-aa 0/0/0/1/1 200 1 - - ---- 1/1/0/0/0 0/0 "GET /a"b=c HTTP/1.1"');
  assert.equal(r?.path, '/a"b=c');
  assert.match(routerLineText(r!), /path="\/a\\"b=c"/);
});
