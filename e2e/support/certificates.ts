// Test certificates made with openssl (execFile, no shell): self-signed, expired, or issued by a
// test CA. Everything lives in a temporary folder that `remove()` deletes.
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Pem {
  cert: string;
  key: string;
}

export interface CertOptions {
  /** Host names and IP addresses (an address goes into the certificate as an IP name). */
  names: string[];
  /** Valid for this many days from now; -1 makes one that has already expired. */
  days?: number;
  /** Signed by this CA instead of by itself. */
  issuer?: Pem;
  /** Leave out the subject alternative names (the first name goes only into the CN). */
  noSan?: boolean;
  ca?: boolean;
}

export function certificateFactory() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-certs-"));
  let n = 0;
  const openssl = (...args: string[]) => run("openssl", args, { cwd: dir });

  async function make(opts: CertOptions): Promise<Pem> {
    const id = String(++n);
    const key = path.join(dir, `${id}.key`);
    const csr = path.join(dir, `${id}.csr`);
    const cert = path.join(dir, `${id}.pem`);
    const ext = [
      ...(opts.noSan ? [] : ["-addext", `subjectAltName=${opts.names.map((h) => (net.isIP(h) ? `IP:${h}` : `DNS:${h}`)).join(",")}`]),
      ...(opts.ca ? ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"] : []),
    ];
    await openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr, "-subj", `/CN=${opts.names[0]}`, ...ext);
    // `x509 -req -days -1` gives a notAfter before now: an expired certificate without faking the clock.
    const signer = opts.issuer
      ? ["-CA", write(`${id}.ca.pem`, opts.issuer.cert), "-CAkey", write(`${id}.ca.key`, opts.issuer.key)]
      : ["-signkey", key];
    await openssl("x509", "-req", "-in", csr, ...signer, "-days", String(opts.days ?? 2), "-copy_extensions", "copy", "-out", cert);
    return { cert: fs.readFileSync(cert, "utf8"), key: fs.readFileSync(key, "utf8") };
  }

  function write(name: string, content: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  }

  /** The key encrypted with a passphrase. */
  async function encrypt(key: string): Promise<string> {
    const { stdout } = await openssl("pkey", "-in", write(`enc-${++n}.key`, key), "-aes256", "-passout", "pass:secret");
    return stdout;
  }

  return { make, encrypt, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
