// Berth's agent on every node of the swarm, as Portainer's agent: one global swarm service,
// `<instance>-agent`, whose task on each node passes mutual-TLS connections (Berth's client
// certificate only, lib/swarm/agent-certs.ts) to that node's engine socket. A machine that joins
// with `berth hosts:join-command` gets a task at once, and Berth reaches its engine at
// `https://<node address>:BERTH_AGENT_PORT` (lib/swarm/plan-host-sync.ts endpointOf).
//
// The port is published in host mode, on each node's own address: this kernel has no IPVS, so no
// ingress mesh (and the mesh would hand a connection to any node's agent, not this node's). The
// server certificate, its key and the CA reach the tasks as swarm secrets (encrypted in the
// swarm's Raft log, on the node only in the task's tmpfs), named after a hash of their content,
// so new certificates make new secrets and roll the service.
import crypto from "node:crypto";
import { swarmApi, type SwarmService } from "../docker/swarm-api.ts";
import { berthLabels, LABEL, objectName } from "../docker/labels.ts";
import { settings } from "../env.ts";
import { BerthError } from "../errors.ts";
import { pushImage } from "../registry/push-image.ts";
import { agentServerTls, ensureAgentCerts } from "./agent-certs.ts";
import { agentImage } from "./agent-image.ts";
import { ensureSwarm, managerRef } from "./swarm.ts";

/** Where socat listens inside each task (agent/berth-agent); published on BERTH_AGENT_PORT. */
const AGENT_TLS_PORT = 2376;
const KIND = "agent";
/** A hash of the spec Berth last gave the service: the same spec again changes nothing. */
const SPEC_LABEL = "berth.agent.spec";

export interface AgentsResult {
  service: string;
  image: string;
  outcome: "created" | "updated" | "unchanged";
}

interface SecretRef {
  SecretID: string;
  SecretName: string;
  File: { Name: string; UID: string; GID: string; Mode: number };
}

const manager = () => swarmApi(managerRef);
const sha12 = (text: string) => crypto.createHash("sha256").update(text).digest("hex").slice(0, 12);
const agentLabels = () => berthLabels({ [LABEL.kind]: KIND });

let running: Promise<AgentsResult> | undefined;

/**
 * Creates or updates the global agent service on the manager: its image (built and pushed to the
 * registry when missing), certificates as secrets, the engine socket bound in, the port published
 * on every node. Idempotent: when nothing changed, the service is not touched.
 */
export function ensureAgents(): Promise<AgentsResult> {
  running ??= ensureOnce().finally(() => (running = undefined));
  return running;
}

async function ensureOnce(): Promise<AgentsResult> {
  if (!Number.isInteger(settings.agentPort) || settings.agentPort < 1 || settings.agentPort > 65535) {
    throw new BerthError("invalid", `BERTH_AGENT_PORT must be a TCP port (1-65535), not ${JSON.stringify(process.env.BERTH_AGENT_PORT)}`);
  }
  await ensureSwarm();
  await ensureAgentCerts();
  const pushed = await pushImage(await agentImage());
  const image = `${pushed.reference}@${pushed.digest}`;
  const tls = agentServerTls();
  const secrets = [await ensureSecret("ca", "agent-ca.crt", tls.ca), await ensureSecret("cert", "agent.crt", tls.cert), await ensureSecret("key", "agent.key", tls.key)];
  const spec = serviceSpec(image, secrets);
  const name = spec.Name;
  const fingerprint = sha12(JSON.stringify(spec));
  spec.Labels[SPEC_LABEL] = fingerprint;

  let outcome: AgentsResult["outcome"];
  const existing = await findService(name);
  if (!existing) {
    try {
      await call(`create the service ${name}`, manager().createService(spec));
      outcome = "created";
    } catch (err) {
      // Another Berth process created it a moment ago: compare with theirs.
      if (!/already exists|name conflicts/i.test((err as Error).message)) throw err;
      return ensureOnce();
    }
  } else if (existing.Spec?.Labels?.[SPEC_LABEL] === fingerprint) {
    outcome = "unchanged";
  } else {
    await call(`update the service ${name}`, manager().getService(existing.ID).update({ _query: { version: existing.Version?.Index }, _body: spec } as never));
    outcome = "updated";
  }
  await removeStaleSecrets(new Set(secrets.map((s) => s.SecretName)));
  return { service: name, image, outcome };
}

function serviceSpec(image: string, secrets: SecretRef[]) {
  return {
    Name: objectName("agent"),
    Labels: agentLabels(),
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        // Not berth.instance: the tasks are the swarm's, and no sweep of Berth's must take them for its own.
        Labels: { [LABEL.kind]: KIND },
        Mounts: [{ Type: "bind" as const, Source: settings.agentDockerSocket, Target: "/var/run/docker.sock" }],
        Secrets: secrets,
        StopGracePeriod: 2_000_000_000,
      },
      RestartPolicy: { Condition: "any" as const, Delay: 1_000_000_000 },
    },
    Mode: { Global: {} },
    EndpointSpec: {
      // No virtual IP (no IPVS here) and no ingress: the port answers on each node's own address.
      Mode: "dnsrr" as const,
      Ports: [{ Protocol: "tcp" as const, TargetPort: AGENT_TLS_PORT, PublishedPort: settings.agentPort, PublishMode: "host" as const }],
    },
  };
}

/** The secret holding CONTENT, as the task sees it at /run/secrets/<file>; created unless it exists. */
async function ensureSecret(role: string, file: string, content: string): Promise<SecretRef> {
  const name = objectName("agent", role, sha12(content));
  let id = await findSecretId(name);
  if (!id) {
    try {
      id = ((await manager().createSecret({ Name: name, Labels: agentLabels(), Data: Buffer.from(content).toString("base64") })) as unknown as { id: string }).id;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 409) throw swarmError(`create the secret ${name}`, err);
      id = await findSecretId(name);
    }
  }
  if (!id) throw new BerthError("unavailable", `the swarm lists no secret ${name} although it said it exists`);
  return { SecretID: id, SecretName: name, File: { Name: file, UID: "0", GID: "0", Mode: 0o400 } };
}

async function findSecretId(name: string): Promise<string | undefined> {
  const listed = (await call("list the swarm's secrets", manager().listSecrets({ filters: { name: [name] } }))) as Array<{ ID: string; Spec: { Name: string } }>;
  return listed.find((s) => s.Spec.Name === name)?.ID;
}

async function findService(name: string): Promise<SwarmService & { ID: string; Version?: { Index: number }; Spec?: { Labels?: Record<string, string> } } | undefined> {
  const listed = (await call("list the swarm's services", manager().listServices({ filters: { name: [name] } }))) as Array<{ ID: string; Version?: { Index: number }; Spec?: { Name: string; Labels?: Record<string, string> } }>;
  return listed.find((s) => s.Spec?.Name === name) as never;
}

/** Secrets of earlier certificates: gone once no service uses them (Docker refuses while one does). */
async function removeStaleSecrets(wanted: Set<string>): Promise<void> {
  const label = Object.entries(agentLabels()).map(([k, v]) => `${k}=${v}`);
  const listed = (await call("list the swarm's secrets", manager().listSecrets({ filters: { label } }))) as Array<{ ID: string; Spec: { Name: string } }>;
  for (const s of listed.filter((s) => !wanted.has(s.Spec.Name))) {
    await manager().getSecret(s.ID).remove().catch(() => undefined); // still in use by tasks being replaced: the next start tries again
  }
}

async function call<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw swarmError(what, err);
  }
}

function swarmError(what: string, err: unknown): BerthError {
  const e = err as { json?: { message?: string }; message?: string };
  return new BerthError("unavailable", `could not ${what} on the swarm manager (${settings.swarmManager}): ${(e.json?.message ?? e.message ?? String(err)).trim()}`);
}
