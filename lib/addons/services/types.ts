// What an add-on service (redis, mysql, postgres) is: one file per service, listed in
// ../registry.ts. A service says how its containers run, how Berth knows one accepts
// connections, which config vars an attachment sets, and how it is dumped and restored. The
// rest of lib/addons is the same for every service.
import type { Readable, Writable } from "node:stream";
import type { z } from "zod";

export interface Plan {
  name: string;
  description: string;
  /** The memory limit of each of the add-on's containers. */
  memoryMb: number;
}

/** Generated at provisioning, stored sealed. Redis has only a password. */
export interface Credentials {
  user: string;
  password: string;
  database: string;
}

/** A command run inside one of the add-on's containers, as argv (never through a host shell). */
export interface Command {
  cmd: string[];
  env?: Record<string, string>;
}

/** One container of an add-on: the primary, or a replica. */
export interface ContainerRole {
  /** "primary", "replica-1", …: part of the container's name. */
  role: string;
  /** The host name apps (and the other containers of the add-on) reach it by. */
  alias: string;
  env: Record<string, string>;
  /** Whether its data directory is the add-on's named volume. Replicas resync from the primary instead. */
  persistent: boolean;
}

/** An add-on as a service sees it. */
export interface AddonSpec {
  name: string;
  plan: Plan;
  options: Record<string, unknown>;
  credentials: Credentials;
}

/** What a service's backup and restore may do with the add-on's primary container. */
export interface PrimaryContainer {
  /** Runs a command; rejects with its stderr when it exits non-zero. Resolves with collected stdout. */
  run(command: Command & { stdin?: Readable; stdout?: Writable }): Promise<string>;
  /** Restarts the container and waits until it accepts connections again. */
  restart(): Promise<void>;
}

export interface AddonService {
  name: string;
  /** What runs it, for the catalog: "Redis 7.0 (Debian redis-server)". */
  software: string;
  description: string;
  /** The attachment name when none is given: REDIS sets REDIS_URL. */
  defaultAs: string;
  port: number;
  /** Where the container keeps its data: the named volume is mounted here. */
  dataDir: string;
  plans: readonly Plan[];
  defaultPlan: string;
  /** Plan options this service takes (strict: unknown ones are refused); parse({}) gives the defaults. */
  options: z.ZodType<Record<string, unknown>>;
  /** For the catalog: option name → what it does. */
  optionsHelp: Record<string, string>;
  newCredentials(addonName: string): Credentials;
  containers(addon: AddonSpec): ContainerRole[];
  /** The config vars an attachment sets, by suffix: {URL: "redis://…"} becomes <AS>_URL. */
  configVars(addon: AddonSpec): Record<string, string>;
  /** Run in each container until it exits 0 (and prints `expect`): it accepts connections. */
  readyCheck(addon: AddonSpec): Command & { expect?: RegExp };
  backup: {
    /** File name extension of a dump, e.g. ".rdb". */
    extension: string;
    contentType: string;
    /** Writes a consistent dump to `out` (and ends it). */
    dump(addon: AddonSpec, primary: PrimaryContainer, out: Writable): Promise<void>;
  };
  /** Replaces the add-on's data with a dump made by backup.dump. */
  restore(addon: AddonSpec, primary: PrimaryContainer, dump: Readable): Promise<void>;
}
