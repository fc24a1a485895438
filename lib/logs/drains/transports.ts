// How a batch of frames reaches a drain: an HTTPS POST (Heroku's logplex format) or a long-lived
// syslog-over-TLS connection. Certificates are verified against the system's CAs plus Berth's
// optional extra bundle (settings.drainCaFile), read at each new connection. Every connection
// goes through drain-target.ts's checks, so none reaches a forbidden address.
//
// What a failure says must not turn a drain into a port scanner: until a TLS handshake with a
// trusted certificate has completed, every failure (refused, reset, timed out, a plain-TCP or
// untrusted TLS server, a forbidden address) reads the same, CONNECT_FAILED. After it, the peer has
// proved it is the host the URL names, so what it did (an HTTP status, hanging up) is said.
import fs from "node:fs";
import https from "node:https";
import tls from "node:tls";
import { settings } from "../../env.ts";
import { assertAddressAllowed, guardedLookup } from "./drain-target.ts";

const TIMEOUT_MS = 10_000;

export const CONNECT_FAILED =
  "could not open a TLS connection to the drain (refused, reset or timed out, no TLS server with a trusted certificate, or an address drains may not reach)";

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
        try {
          assertAddressAllowed(url.hostname);
        } catch {
          return reject(new Error(CONNECT_FAILED));
        }
        // Set once this request's socket finished a trusted handshake (a kept-alive one already has).
        let secured = false;
        const req = https.request(
          url,
          {
            method: "POST",
            agent,
            lookup: guardedLookup(),
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
        const timedOut = () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }));
        req.on("socket", (socket) => {
          const s = socket as tls.TLSSocket;
          if (s.authorized) return void (secured = true);
          // The request's own timeout starts over at the TCP connect, so a peer that accepts and
          // stays silent held the handshake for twice TIMEOUT_MS (measured): bound it here.
          const deadline = setTimeout(timedOut, TIMEOUT_MS);
          s.once("secureConnect", () => {
            secured = true;
            clearTimeout(deadline);
          });
          s.once("close", () => clearTimeout(deadline));
        });
        req.on("timeout", timedOut);
        req.on("error", (err) => reject(new Error(secured ? afterHandshake(err) : describeUnconnected(err))));
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
      try {
        assertAddressAllowed(host);
      } catch {
        return reject(new Error(CONNECT_FAILED));
      }
      const s = tls.connect({ host, port: Number(url.port), servername: isIp(host) ? undefined : host, lookup: guardedLookup(), ca: trustedCas(), timeout: TIMEOUT_MS });
      s.once("secureConnect", () => resolve(s));
      s.once("error", (err) => reject(new Error(describeUnconnected(err))));
      s.once("timeout", () => s.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
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
          reject(new Error(afterHandshake(err)));
        });
      });
    },
    close: () => socket?.destroy(),
  };
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/**
 * Before a trusted handshake: one text for whatever happened, except a name that does not resolve
 * (that says nothing of what listens where; Berth's resolver answers it at creation too).
 */
function describeUnconnected(err: Error & { code?: string }): string {
  if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN") return "the drain's host name does not resolve";
  return CONNECT_FAILED;
}

/** After a trusted handshake: the host the URL names is talking, so what it did may be said. */
function afterHandshake(err: Error & { code?: string }): string {
  if (err.code === "ETIMEDOUT") return `the drain did not answer within ${TIMEOUT_MS / 1000} s`;
  if (err.code === "ECONNRESET" || err.code === "EPIPE") return "the drain closed the connection";
  return "the connection to the drain failed";
}
