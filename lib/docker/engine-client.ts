// The connection to one Docker Engine, made once per endpoint and kept. Private to the modules
// that speak the Engine API (docker-runtime/ and swarm-api.ts): nothing else in Berth holds a
// dockerode client.
import Docker from "dockerode";
import https from "node:https";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { AGENT_SERVER_NAME, agentClientTls } from "../swarm/agent-certs.ts";
import type { HostRef } from "./container-runtime.ts";

const clients = new Map<string, Docker>();

export function dockerFor(host: HostRef): Docker {
  let client = clients.get(host.endpoint);
  if (!client) {
    const url = new URL(host.endpoint);
    client =
      url.protocol === "unix:"
        ? new Docker({ socketPath: url.pathname })
        : url.protocol === "https:"
          ? agentClient(url)
          : new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
    clients.set(host.endpoint, client);
  }
  return client;
}

/**
 * A node's engine through Berth's agent on it (lib/swarm/agent-service.ts): mutual TLS with
 * Berth's client certificate, trusting only the agents' CA, and checking the fixed name in the
 * agents' certificate rather than the address dialled (see lib/swarm/agent-certs.ts).
 */
function agentClient(url: URL): Docker {
  const { ca, cert, key } = agentClientTls();
  return new Docker({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port || 443),
    protocol: "https",
    ca,
    cert,
    key,
    checkServerIdentity: (_host: string, peer: PeerCertificate) => checkServerIdentity(AGENT_SERVER_NAME, peer),
    // No TLS session resumption: socat's server has no session id context for verified clients,
    // and refuses a resumed session with "internal error" (Node's agents resume by default).
    agent: new https.Agent({ keepAlive: true, maxCachedSessions: 0 }),
  } as Docker.DockerOptions);
}

/** The call's answer, or undefined when the engine said 404 (or one of `alsoOk`): already gone, nothing to do. */
export async function ignoreMissing<T>(p: Promise<T>, ...alsoOk: number[]): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 404 || (status !== undefined && alsoOk.includes(status))) return undefined;
    throw err;
  }
}
