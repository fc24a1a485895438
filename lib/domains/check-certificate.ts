// Checks an uploaded certificate before anything is stored: it parses, its key matches, it is
// valid now, it covers the hostname, and its chain is in order. Returns it normalised (PEM
// re-encoded, key as PKCS#8), so whatever else the upload held never reaches HAProxy.
import crypto, { X509Certificate, type KeyObject } from "node:crypto";
import { invalid } from "../errors.ts";

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const MAX_CHAIN = 10;

export interface CheckedCertificate {
  /** The leaf then its issuers, PEM. */
  chain: string;
  /** PKCS#8 PEM. */
  privateKey: string;
  expiresAt: Date;
}

export interface CertificateUpload {
  certificate: string;
  privateKey: string;
  hostname: string;
  now?: Date;
}

export function checkCertificate(upload: CertificateUpload): CheckedCertificate {
  const now = upload.now ?? new Date();
  const chain = parseChain(upload.certificate);
  const key = parseKey(upload.privateKey);
  const leaf = chain[0]!;
  if (!leaf.checkPrivateKey(key)) throw invalid("the private key does not belong to the certificate (the first one in the chain)");
  chain.forEach((cert, i) => checkValidity(cert, i, now));
  // Browsers ignore the subject's CN when matching names: only the subject alternative names count.
  if (!leaf.checkHost(upload.hostname, { subject: "never", partialWildcards: false })) {
    throw invalid(`the certificate does not cover ${upload.hostname}; it covers ${describeNames(leaf)}`);
  }
  for (let i = 1; i < chain.length; i++) {
    if (!chain[i - 1]!.checkIssued(chain[i]!) || !chain[i - 1]!.verify(chain[i]!.publicKey)) {
      throw invalid(`certificate ${i + 1} of the chain did not issue certificate ${i}; give the server's certificate first, then each issuer in order`);
    }
  }
  return {
    chain: chain.map((c) => withNewline(c.toString())).join(""),
    privateKey: withNewline(key.export({ type: "pkcs8", format: "pem" }) as string),
    expiresAt: new Date(leaf.validTo),
  };
}

function parseChain(text: string): X509Certificate[] {
  if (/PRIVATE KEY-----/.test(text)) throw invalid("certificate: holds a private key; send the key as privateKey");
  const blocks = text.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw invalid("certificate: no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
  if (blocks.length > MAX_CHAIN) throw invalid(`certificate: a chain of at most ${MAX_CHAIN} certificates`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw invalid(`certificate: certificate ${i + 1} of the chain is not a valid X.509 certificate`);
    }
  });
}

function parseKey(text: string): KeyObject {
  try {
    return crypto.createPrivateKey({ key: text, format: "pem" });
  } catch (err) {
    const encrypted = /passphrase|encrypted/i.test(String((err as Error).message)) || /ENCRYPTED/.test(text);
    throw invalid(encrypted ? "privateKey: the key is encrypted; remove its passphrase (openssl pkey -in key.pem -out plain.pem)" : "privateKey: not a PEM private key");
  }
}

function checkValidity(cert: X509Certificate, index: number, now: Date): void {
  const which = index === 0 ? "the certificate" : `certificate ${index + 1} of the chain`;
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (to.getTime() <= now.getTime()) throw invalid(`${which} expired on ${to.toISOString()}`);
  if (from.getTime() > now.getTime()) throw invalid(`${which} is not valid before ${from.toISOString()}`);
}

function describeNames(cert: X509Certificate): string {
  const names = (cert.subjectAltName ?? "").split(", ").filter((n) => n.startsWith("DNS:")).map((n) => n.slice(4));
  return names.length ? names.join(", ") : "no DNS names (it has no subject alternative names)";
}

const withNewline = (pem: string) => (pem.endsWith("\n") ? pem : `${pem}\n`);
