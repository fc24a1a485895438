// Custom domains, TLS by SNI and maintenance mode, through the instance's real HAProxy: a deployed
// Dockerfile app answers on its custom hostname, over HTTPS with a certificate made here, is
// redirected to HTTPS on request, and answers 503 in maintenance. Bad input changes nothing.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import { after, before, describe, test } from "node:test";
import { certificateFactory, type Pem } from "../support/certificates.ts";
import { api, createApp, DOMAIN, push, requestViaRouter, sampleRepo } from "../support/berth.ts";

const ROUTER_HOST = (process.env.BERTH_TEST_ROUTER ?? "127.0.0.1:8310").split(":")[0]!;
const TLS_PORT = Number(process.env.BERTH_ROUTER_TLS_PORT ?? 8710);
const HELLO = "hello from docker v1\n";

/** GET through the router's TLS port with SNI and Host set to `hostname`, trusting only `ca`. */
function viaTls(hostname: string, ca: string): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: ROUTER_HOST, port: TLS_PORT, servername: hostname, headers: { host: hostname }, ca, agent: false, timeout: 10_000 }, (res) => {
      const fingerprint = (res.socket as import("node:tls").TLSSocket).getPeerCertificate().fingerprint256;
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, fingerprint }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

const viaHost = (app: string, hostname: string, path = "/") => requestViaRouter(app, { path, headers: { host: hostname } });

describe("domains, TLS and maintenance", { concurrency: false }, () => {
  const certs = certificateFactory();
  let app: string;
  let other: string;
  let repo: string;
  let hostname: string;
  let cert: Pem;

  before(async () => {
    [app, other] = await Promise.all([createApp("dom"), createApp("dom-other")]);
    hostname = `www.${app}.example.com`;
    repo = await sampleRepo("docker-hello");
    const [pushed, made] = await Promise.all([push(repo, app), certs.make({ names: [hostname] })]);
    assert.equal(pushed.code, 0, pushed.output);
    cert = made;
  });
  after(async () => {
    await Promise.all([api("DELETE", `/api/v1/apps/${app}`), api("DELETE", `/api/v1/apps/${other}`)]);
    fs.rmSync(repo, { recursive: true, force: true });
    certs.remove();
  });

  test("a custom domain is listed after the default one and routed to the app", async () => {
    const added = await api("POST", `/api/v1/apps/${app}/domains`, { hostname: hostname.toUpperCase() + "." });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.hostname, hostname);
    assert.equal(added.body.certExpiresAt, null);
    const list = await api("GET", `/api/v1/apps/${app}/domains`);
    assert.deepEqual(
      list.body.map((d: { hostname: string; default: boolean }) => [d.hostname, d.default]),
      [[`${app}.${DOMAIN}`, true], [hostname, false]],
    );
    const res = await viaHost(app, hostname);
    assert.deepEqual([res.status, res.body], [200, HELLO]);
    assert.equal((await viaHost(app, `nobody.${app}.example.com`)).status, 404);
  });

  test("a taken or invalid hostname is refused and changes nothing", async () => {
    const taken = await api("POST", `/api/v1/apps/${other}/domains`, { hostname });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.message, `${hostname} is already in use by another app`);
    assert.equal((await api("POST", `/api/v1/apps/${app}/domains`, { hostname })).status, 409);
    for (const bad of ["bad_host.example.com", "localhost", "*.example.com", "a.example.com\n    use_backend x", "10.0.0.1", `x.${DOMAIN}`]) {
      const res = await api("POST", `/api/v1/apps/${other}/domains`, { hostname: bad });
      assert.equal(res.status, 422, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error, "invalid");
    }
    assert.equal((await api("POST", `/api/v1/apps/${other}/domains`, { host: "x.example.com" })).status, 422);
    assert.equal((await api("GET", `/api/v1/apps/${other}/domains`)).body.length, 1);
    assert.equal((await viaHost(app, hostname)).body, HELLO);
  });

  test("a certificate makes the router serve HTTPS for the domain by SNI", async () => {
    const res = await api("PUT", `/api/v1/apps/${app}/domains/${hostname}/certificate`, { certificate: cert.cert, privateKey: cert.key });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const leaf = new X509Certificate(cert.cert);
    assert.equal(new Date(res.body.certExpiresAt).getTime(), new Date(leaf.validTo).getTime());
    assert.deepEqual(res.body.certificate.names, [hostname]);
    const tls = await viaTls(hostname, cert.cert);
    assert.deepEqual([tls.status, tls.body, tls.fingerprint], [200, HELLO, leaf.fingerprint256]);
    const listed = (await api("GET", `/api/v1/apps/${app}/domains`)).body.find((d: { hostname: string }) => d.hostname === hostname);
    assert.equal(listed.certExpiresAt, res.body.certExpiresAt);
    assert.equal(listed.httpsUrl, `https://${hostname}:${TLS_PORT}/`);
    // The default domain has no certificate: its handshake is refused, not answered with this one.
    await assert.rejects(viaTls(`${app}.${DOMAIN}`, cert.cert));
  });

  test("a mismatched key, an expired certificate or one for another name is refused and changes nothing", async () => {
    const [stranger, expired, elsewhere] = await Promise.all([
      certs.make({ names: [hostname] }),
      certs.make({ names: [hostname], days: -1 }),
      certs.make({ names: [`www.${other}.example.com`] }),
    ]);
    const put = (body: object) => api("PUT", `/api/v1/apps/${app}/domains/${hostname}/certificate`, body);
    const cases: Array<[object, RegExp]> = [
      [{ certificate: stranger.cert, privateKey: cert.key }, /private key does not belong to the certificate/],
      [{ certificate: expired.cert, privateKey: expired.key }, /certificate expired on/],
      [{ certificate: elsewhere.cert, privateKey: elsewhere.key }, new RegExp(`does not cover ${hostname.replaceAll(".", "\\.")}`)],
      [{ certificate: "not a certificate", privateKey: cert.key }, /no PEM certificate found/],
      [{ certificate: cert.cert }, /privateKey/],
    ];
    for (const [body, reason] of cases) {
      const res = await put(body);
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.match(res.body.message, reason);
    }
    const still = (await api("GET", `/api/v1/apps/${app}/domains/${hostname}`)).body;
    assert.equal(still.certificate.fingerprint, new X509Certificate(cert.cert).fingerprint256);
    assert.equal((await viaTls(hostname, cert.cert)).fingerprint, new X509Certificate(cert.cert).fingerprint256);
    const onDefault = await api("PUT", `/api/v1/apps/${app}/domains/${app}.${DOMAIN}/certificate`, { certificate: cert.cert, privateKey: cert.key });
    assert.equal(onDefault.status, 422);
  });

  test("with redirectHttps, plain HTTP to the domain is redirected to the TLS port", async () => {
    const on = await api("PATCH", `/api/v1/apps/${app}/domains/${hostname}`, { redirectHttps: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const res = await viaHost(app, hostname, "/some/path?q=1");
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, `https://${hostname}:${TLS_PORT}/some/path?q=1`);
    assert.equal((await viaTls(hostname, cert.cert)).body, HELLO);
    assert.equal((await requestViaRouter(app)).status, 200, "the default domain is not redirected");
    await api("PATCH", `/api/v1/apps/${app}/domains/${hostname}`, { redirectHttps: false });
    assert.equal((await viaHost(app, hostname)).status, 200);
  });

  test("maintenance mode answers 503 with a page on every hostname, and off again serves the app", async () => {
    const on = await api("PATCH", `/api/v1/apps/${app}`, { maintenance: true });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.maintenance, true);
    for (const res of [await requestViaRouter(app), await viaHost(app, hostname)]) {
      assert.equal(res.status, 503);
      assert.match(String(res.headers["content-type"]), /^text\/html/);
      assert.match(res.body, new RegExp(`<h1>${app} is offline for maintenance</h1>`));
    }
    assert.equal((await viaTls(hostname, cert.cert)).status, 503);
    const off = await api("PATCH", `/api/v1/apps/${app}`, { maintenance: false });
    assert.equal(off.body.maintenance, false);
    assert.deepEqual([(await requestViaRouter(app)).status, (await requestViaRouter(app)).body], [200, HELLO]);
  });

  test("health-check settings are validated and stored", async () => {
    const ok = await api("PATCH", `/api/v1/apps/${app}`, { healthcheck: { path: "/healthz", timeout: 20 } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.healthcheck, { path: "/healthz", timeout: 20 });
    for (const bad of [{ healthcheck: { path: "no-slash" } }, { healthcheck: { path: "" } }, { healthcheck: { path: "/a b" } }, { healthcheck: { timeout: 0 } }, { healthcheck: { timeout: 301 } }, { maintenance: "yes" }, { name: "x" }]) {
      const res = await api("PATCH", `/api/v1/apps/${app}`, bad);
      assert.equal(res.status, 422, JSON.stringify(bad));
    }
    assert.deepEqual((await api("GET", `/api/v1/apps/${app}`)).body.healthcheck, { path: "/healthz", timeout: 20 });
    // Back to the default: no path (any HTTP answer below 500 on PORT).
    const cleared = await api("PATCH", `/api/v1/apps/${app}`, { healthcheck: { path: null, timeout: 60 } });
    assert.deepEqual(cleared.body.healthcheck, { path: null, timeout: 60 });
  });

  test("removing the certificate ends HTTPS; removing the domain ends its route; the default domain stays", async () => {
    const removed = await api("DELETE", `/api/v1/apps/${app}/domains/${hostname}/certificate`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.certExpiresAt, null);
    await assert.rejects(viaTls(hostname, cert.cert));
    assert.equal((await viaHost(app, hostname)).body, HELLO);
    assert.equal((await api("DELETE", `/api/v1/apps/${app}/domains/${hostname}/certificate`)).status, 404);

    assert.equal((await api("DELETE", `/api/v1/apps/${app}/domains`, { hostname })).status, 204);
    assert.equal((await viaHost(app, hostname)).status, 404);
    assert.equal((await api("DELETE", `/api/v1/apps/${app}/domains/${hostname}`)).status, 404);
    assert.equal((await api("DELETE", `/api/v1/apps/${app}/domains/${app}.${DOMAIN}`)).status, 422);
    assert.equal((await requestViaRouter(app)).body, HELLO);
    // The domain is free again for another app.
    assert.equal((await api("POST", `/api/v1/apps/${other}/domains`, { hostname })).status, 201);
  });
});
