// How a batch of frames reaches a drain: an HTTPS POST (Heroku's logplex format) or a long-lived
// syslog-over-TLS connection. Certificates are verified against the system's CAs plus Berth's
// optional extra bundle (settings.drainCaFile), read at each new connection.
import fs from "node:fs";
import https from "node:https";
import tls from "node:tls";
import { settings } from "../../env.ts";

const TIMEOUT_MS = 10_000;

export interface DrainTransport {
  /** Resolves once the receiver took the frames; rejects with a message fit for the user. */
  send(frames: Buffer, count: number): Promise<void>;
  close(): void;
}

/** undefined: Node's defaults. Given, `ca` replaces them, so the defaults go in too. */
function trustedCas(): string[] | undefined {
  const extra = [settings.drainCaFile, process.env.NODE_EXTRA_CA_CERTS ?? ""].filter((f) => f && fs.existsSync(f));
  if (!extra.includes(settings.drainCaFile)) return undefined;
  return [...tls.rootCertificates, ...extra.map((f) => fs.readFileSync(f, "utf8"))];
}

export function drainTransport(url: URL, drainId: string): DrainTransport {
  return url.protocol === "https:" ? httpsTransport(url, drainId) : syslogTlsTransport(url);
}

function httpsTransport(url: URL, drainId: string): DrainTransport {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  let frameId = 0;
  return {
    send: (frames, count) =>
      new Promise<void>((resolve, reject) => {
        const req = https.request(
          url,
          {
            method: "POST",
            agent,
            ca: trustedCas(),
            timeout: TIMEOUT_MS,
            headers: {
              "content-type": "application/logplex-1",
              "content-length": frames.length,
              "logplex-msg-count": count,
              "logplex-frame-id": `${drainId}-${++frameId}`,
              "logplex-drain-token": drainId,
              "user-agent": "Berth log drain",
            },
          },
          (res) => {
            res.resume();
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`the drain answered HTTP ${status}`));
          },
        );
        req.on("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
        req.on("error", (err) => reject(new Error(describe(err))));
        req.end(frames);
      }),
    close: () => agent.destroy(),
  };
}

function syslogTlsTransport(url: URL): DrainTransport {
  let socket: tls.TLSSocket | null = null;
  const connect = () =>
    new Promise<tls.TLSSocket>((resolve, reject) => {
      const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
      const s = tls.connect({ host, port: Number(url.port), servername: isIp(host) ? undefined : host, ca: trustedCas(), timeout: TIMEOUT_MS });
      s.once("secureConnect", () => resolve(s));
      s.once("error", (err) => reject(new Error(describe(err))));
      s.once("timeout", () => s.destroy(new Error(`no TLS handshake within ${TIMEOUT_MS / 1000} s`)));
      // A receiver that hangs up makes the next batch connect again.
      s.on("close", () => {
        if (socket === s) socket = null;
      });
      s.on("data", () => undefined);
    });
  return {
    send: async (frames) => {
      socket ??= await connect();
      const s = socket;
      await new Promise<void>((resolve, reject) => {
        s.write(frames, (err) => {
          if (!err) return resolve();
          s.destroy();
          reject(new Error(describe(err)));
        });
      });
    },
    close: () => socket?.destroy(),
  };
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

function describe(err: Error & { code?: string }): string {
  if (err.code === "ECONNREFUSED") return "connection refused";
  if (err.code === "ENOTFOUND") return "the drain's host name does not resolve";
  if (err.code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(err.code)) return `its TLS certificate is not trusted (${err.code})`;
  return err.message;
}
