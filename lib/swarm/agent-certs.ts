// The certificates of Berth's agents (lib/swarm/agent-service.ts): a CA of Berth's own, one server
// certificate every agent presents, and one client certificate Berth presents to them. Mutual TLS
// is Docker's own advice for a remote engine API: an agent lets in only a client whose
// certificate this CA signed for client use.
//
// Identity: agents are reached by IP, and nodes come and go, so the server certificate names no
// address: it carries one fixed DNS name, AGENT_SERVER_NAME, which Berth checks instead of the
// address it dialled. IP SANs would mean a new certificate (a new swarm secret, every agent
// restarted) at each join. The CA signs nothing but these two certificates, and each is limited
// to its use (serverAuth / clientAuth), so neither can pose as the other: a node, which holds the
// server key, cannot use it to get into another node's agent.
//
// Made once, on first use, with the openssl CLI (node:crypto makes keys, not certificates), in a
// private folder of the data directory (0700, files 0600); the private keys are sealed at rest
// with the data directory's key (lib/crypto/secret-box.ts).
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { seal, unseal } from "../crypto/secret-box.ts";
import { dataPath, settings } from "../env.ts";
import { BerthError } from "../errors.ts";

const run = promisify(execFile);

/** The DNS name in the agents' server certificate; Berth verifies it rather than the node's address. */
export const AGENT_SERVER_NAME = "berth-agent";
const DIR = "agent-tls";
const VALID_DAYS = "3650";

export interface AgentClientTls {
  ca: string;
  cert: string;
  key: string;
}

export interface AgentServerTls {
  ca: string;
  cert: string;
  key: string;
}

const file = (name: string) => dataPath(DIR, name);

let made: Promise<void> | undefined;

/** Makes the CA and both certificates unless the data directory has them. Safe for processes racing. */
export function ensureAgentCerts(): Promise<void> {
  made ??= makeUnlessPresent().catch((err) => {
    made = undefined;
    throw err;
  });
  return made;
}

async function makeUnlessPresent(): Promise<void> {
  if (fs.existsSync(file("client.crt"))) return;
  fs.mkdirSync(dataPath(), { recursive: true, mode: 0o700 });
  // Made in a folder of its own and renamed into place whole: a reader sees all or nothing.
  const tmp = fs.mkdtempSync(dataPath(`.${DIR}-`));
  try {
    await makeAll(tmp);
    try {
      fs.renameSync(tmp, dataPath(DIR));
    } catch (err) {
      // Another process made them first: theirs stay.
      if (!["ENOTEMPTY", "EEXIST"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function makeAll(dir: string): Promise<void> {
  const at = (name: string) => path.join(dir, name);
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(["req", "-x509", "-new", ...key, "-keyout", at("ca.key"), "-out", at("ca.crt"), "-days", VALID_DAYS,
    "-subj", `/CN=Berth agent CA (${settings.instance})`,
    "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  const issue = async (name: string, cn: string, ext: string) => {
    fs.writeFileSync(at(`${name}.ext`), ext, { mode: 0o600 });
    await openssl(["req", "-new", ...key, "-keyout", at(`${name}.key`), "-out", at(`${name}.csr`), "-subj", `/CN=${cn}`]);
    await openssl(["x509", "-req", "-in", at(`${name}.csr`), "-CA", at("ca.crt"), "-CAkey", at("ca.key"),
      "-set_serial", `0x${crypto.randomBytes(16).toString("hex")}`, "-days", VALID_DAYS, "-sha256", "-extfile", at(`${name}.ext`), "-out", at(`${name}.crt`)]);
  };
  const common = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n";
  await issue("server", AGENT_SERVER_NAME, `${common}extendedKeyUsage=serverAuth\nsubjectAltName=DNS:${AGENT_SERVER_NAME}\n`);
  await issue("client", `berth (${settings.instance})`, `${common}extendedKeyUsage=clientAuth\n`);
  for (const name of ["ca", "server", "client"]) {
    fs.writeFileSync(at(`${name}.key.sealed`), seal(fs.readFileSync(at(`${name}.key`), "utf8")), { mode: 0o600 });
    fs.rmSync(at(`${name}.key`));
    fs.rmSync(at(`${name}.csr`), { force: true });
    fs.rmSync(at(`${name}.ext`), { force: true });
    fs.chmodSync(at(`${name}.crt`), 0o600);
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args, { timeout: 30_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const reason = e.code === "ENOENT" ? "openssl is not installed" : (e.stderr ?? e.message).trim().split("\n").slice(-2).join(" ");
    throw new BerthError("unavailable", `could not make the agents' certificates: ${reason}`);
  }
}

let client: AgentClientTls | undefined;

/** What Berth presents to its agents (and the CA it checks them with). Read once per process. */
export function agentClientTls(): AgentClientTls {
  client ??= read("client");
  return client;
}

/** What every agent presents, and the CA it checks Berth's client certificate with. */
export function agentServerTls(): AgentServerTls {
  return read("server");
}

function read(name: "client" | "server"): AgentClientTls {
  try {
    return { ca: fs.readFileSync(file("ca.crt"), "utf8"), cert: fs.readFileSync(file(`${name}.crt`), "utf8"), key: unseal(fs.readFileSync(file(`${name}.key.sealed`), "utf8")) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    throw new BerthError("unavailable", `Berth's agent certificates are not made yet (${dataPath(DIR)}): the swarm scheduler makes them when Berth starts`);
  }
}
