import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";

// The data directory is read when lib/env.ts loads: a temporary one, set before the import.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-agent-certs-"));
process.env.BERTH_DATA_DIR = dataDir;
const { AGENT_SERVER_NAME, agentClientTls, agentServerTls, ensureAgentCerts } = await import("./agent-certs.ts");
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test("the CA, the agents' certificate and Berth's client certificate: made once, private, keys sealed", async () => {
  await assert.rejects(async () => agentClientTls(), /not made yet/);
  await Promise.all([ensureAgentCerts(), ensureAgentCerts()]);
  const dir = path.join(dataDir, "agent-tls");
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  assert.deepEqual(fs.readdirSync(dir).sort(), ["ca.crt", "ca.key.sealed", "client.crt", "client.key.sealed", "server.crt", "server.key.sealed"]);
  for (const f of fs.readdirSync(dir)) {
    assert.equal(fs.statSync(path.join(dir, f)).mode & 0o777, 0o600, f);
    if (f.endsWith(".sealed")) assert.doesNotMatch(fs.readFileSync(path.join(dir, f), "utf8"), /PRIVATE KEY/, `${f} is sealed`);
  }
  assert.equal(fs.readdirSync(dataDir).filter((f) => f.startsWith(".agent-tls")).length, 0, "no half-made folder left");
  const before = fs.readFileSync(path.join(dir, "client.crt"), "utf8");
  await ensureAgentCerts();
  assert.equal(fs.readFileSync(path.join(dir, "client.crt"), "utf8"), before, "a second call keeps them");
});

test("each certificate is limited to its use, both signed by the CA; the agents' names only AGENT_SERVER_NAME", () => {
  const server = agentServerTls();
  const client = agentClientTls();
  const ca = new X509Certificate(server.ca);
  const s = new X509Certificate(server.cert);
  const c = new X509Certificate(client.cert);
  assert.ok(ca.ca);
  assert.ok(s.verify(ca.publicKey) && c.verify(ca.publicKey));
  assert.ok(!s.ca && !c.ca);
  assert.deepEqual(s.keyUsage, ["1.3.6.1.5.5.7.3.1"], "serverAuth only");
  assert.deepEqual(c.keyUsage, ["1.3.6.1.5.5.7.3.2"], "clientAuth only");
  assert.equal(s.subjectAltName, `DNS:${AGENT_SERVER_NAME}`);
  assert.equal(s.checkHost(AGENT_SERVER_NAME), AGENT_SERVER_NAME);
  assert.match(server.key, /^-----BEGIN PRIVATE KEY-----/);
  assert.ok(s.checkPrivateKey(createPrivateKey(server.key)));
  assert.ok(c.checkPrivateKey(createPrivateKey(client.key)));
});
