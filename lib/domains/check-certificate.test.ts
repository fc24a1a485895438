// Certificate checks against real certificates made with openssl.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { certificateFactory, type Pem } from "../../e2e/support/certificates.ts";
import { checkCertificate } from "./check-certificate.ts";

describe("checkCertificate", () => {
  const certs = certificateFactory();
  let site: Pem;
  let ca: Pem;
  let leaf: Pem;
  before(async () => {
    [site, ca] = await Promise.all([certs.make({ names: ["www.example.com", "*.apps.example.com"] }), certs.make({ names: ["Test CA"], ca: true, days: 10 })]);
    leaf = await certs.make({ names: ["shop.example.com"], issuer: ca });
  });
  after(() => certs.remove());

  const refusal = (upload: Parameters<typeof checkCertificate>[0]) => {
    try {
      checkCertificate(upload);
    } catch (err) {
      return `${(err as { code?: string }).code}: ${(err as Error).message}`;
    }
    return "accepted";
  };

  test("a matching, current certificate is accepted and normalised", () => {
    const junk = `Bag Attributes\n  friendlyName: x\n${site.cert}\n\n`;
    const checked = checkCertificate({ certificate: junk, privateKey: site.key, hostname: "www.example.com" });
    assert.equal(checked.chain, new X509Certificate(site.cert).toString());
    assert.match(checked.privateKey, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    assert.equal(checked.expiresAt.getTime(), new Date(new X509Certificate(site.cert).validTo).getTime());
    assert.ok(checked.expiresAt.getTime() > Date.now());
  });

  test("a wildcard covers one label, not more and not the bare domain", () => {
    const up = (hostname: string) => refusal({ certificate: site.cert, privateKey: site.key, hostname });
    assert.equal(up("shop.apps.example.com"), "accepted");
    assert.match(up("a.shop.apps.example.com"), /^invalid: the certificate does not cover a.shop.apps.example.com; it covers www.example.com, \*.apps.example.com$/);
    assert.match(up("apps.example.com"), /does not cover apps.example.com/);
    assert.match(up("example.com"), /does not cover/);
  });

  test("a chain in order is accepted; out of order it is refused", () => {
    assert.equal(refusal({ certificate: leaf.cert + ca.cert, privateKey: leaf.key, hostname: "shop.example.com" }), "accepted");
    const checked = checkCertificate({ certificate: leaf.cert + ca.cert, privateKey: leaf.key, hostname: "shop.example.com" });
    assert.equal(checked.chain.match(/BEGIN CERTIFICATE/g)?.length, 2);
    assert.match(refusal({ certificate: leaf.cert + site.cert, privateKey: leaf.key, hostname: "shop.example.com" }), /^invalid: certificate 2 of the chain did not issue certificate 1/);
    assert.match(refusal({ certificate: ca.cert + leaf.cert, privateKey: leaf.key, hostname: "shop.example.com" }), /^invalid: the private key does not belong to the certificate/);
  });

  test("bad uploads are refused with a clear reason", async () => {
    const [expired, sanless, other] = await Promise.all([
      certs.make({ names: ["old.example.com"], days: -1 }),
      certs.make({ names: ["cn-only.example.com"], noSan: true }),
      certs.make({ names: ["www.example.com"] }),
    ]);
    const cases: Array<[Parameters<typeof checkCertificate>[0], RegExp]> = [
      [{ certificate: site.cert, privateKey: other.key, hostname: "www.example.com" }, /the private key does not belong to the certificate/],
      [{ certificate: expired.cert, privateKey: expired.key, hostname: "old.example.com" }, /the certificate expired on \d{4}-\d\d-\d\dT/],
      [{ certificate: site.cert, privateKey: site.key, hostname: "www.example.com", now: new Date(Date.now() - 86_400_000) }, /is not valid before/],
      [{ certificate: sanless.cert, privateKey: sanless.key, hostname: "cn-only.example.com" }, /does not cover cn-only.example.com; it covers no DNS names/],
      [{ certificate: "hello", privateKey: site.key, hostname: "www.example.com" }, /no PEM certificate found/],
      [{ certificate: site.cert.split("\n").filter((_, i) => i !== 2).join("\n"), privateKey: site.key, hostname: "www.example.com" }, /certificate 1 of the chain is not a valid X.509 certificate/],
      [{ certificate: site.cert + site.key, privateKey: site.key, hostname: "www.example.com" }, /holds a private key; send the key as privateKey/],
      [{ certificate: site.cert, privateKey: "nope", hostname: "www.example.com" }, /privateKey: not a PEM private key/],
      [{ certificate: site.cert, privateKey: await certs.encrypt(site.key), hostname: "www.example.com" }, /the key is encrypted; remove its passphrase/],
      [{ certificate: site.cert.repeat(11), privateKey: site.key, hostname: "www.example.com" }, /at most 10 certificates/],
    ];
    for (const [upload, reason] of cases) assert.match(refusal(upload), new RegExp(`^invalid: .*${reason.source}`));
  });
});
