// app.json, Heroku's manifest (also honoured by Dokku), read into what Berth does with it. Pure:
// the build reads it before building (a malformed one fails the build at once, naming its line)
// and applies it on the app's first deploy (apply-manifest.ts). Unknown keys are ignored, as on
// Heroku and Dokku; a key Berth knows with a value it cannot honour fails with a reason.
//   env         { KEY: "default" } or { KEY: { value, required, generator: "secret", description } }
//   formation   { type: { quantity, size } }        sizes: Berth's, or Heroku's mapped by memory
//   addons      ["heroku-redis", { plan: "heroku-postgresql:mini", as: "DATABASE" }]
//   scripts     { postdeploy: "command" }            once, after the first release is live
//   healthchecks { web: [{ type: "startup", path, content, attempts, timeout, wait, initialDelay }] } (Dokku's)
//   buildpacks  [{ url }]                            when neither BUILDPACK_URL nor .buildpacks names them
import { ENV_NAME, RESERVED_NAMES } from "../config/schemas.ts";
import type { ChecksFile, WebCheck } from "../deploy/checks-file.ts";
import { findJsonProblem } from "./json-error.ts";

export const APP_JSON = "app.json";

export interface EnvEntry {
  /** The default, set when the app has no value of its own. */
  value?: string;
  /** `secret`: a random value is generated when the app has none. */
  generator?: "secret";
  /** Must be set before the first deploy (Heroku's default: true, unless a value or generator gives one). */
  required: boolean;
  description?: string;
}

export interface ManifestAddon {
  /** As written, for messages: "heroku-postgresql:mini". */
  written: string;
  service: "redis" | "postgres" | "mysql";
  /** A Berth plan of that service; undefined for its default. */
  plan?: string;
  as?: string;
}

export interface AppManifest {
  env: Record<string, EnvEntry>;
  formation: Record<string, { quantity?: number; size?: string }>;
  addons: ManifestAddon[];
  postdeploy: string | null;
  /** healthchecks.web in the shape of a CHECKS file; null when it names no path to check. */
  checks: ChecksFile | null;
  /** Buildpack names or git URLs, in order (heroku/python → python, Berth's own). */
  buildpacks: string[];
  /** What was mapped or left out, for the build's output. */
  notes: string[];
}

export class AppJsonError extends Error {}

const fail = (why: string): never => {
  throw new AppJsonError(`${APP_JSON}: ${why}`);
};

// What Heroku's add-on names (and Berth's own) become here.
const ADDON_SERVICES: Record<string, ManifestAddon["service"]> = {
  redis: "redis",
  "heroku-redis": "redis",
  postgres: "postgres",
  postgresql: "postgres",
  "heroku-postgresql": "postgres",
  mysql: "mysql",
  jawsdb: "mysql",
  "jawsdb-maria": "mysql",
  cleardb: "mysql",
};
const SERVICE_PLANS: Record<ManifestAddon["service"], string[]> = {
  redis: ["cache", "hobby", "standard", "large"],
  postgres: ["hobby", "standard", "large"],
  mysql: ["hobby", "standard", "large"],
};

// Heroku's dyno sizes by memory against Berth's (small 256 MB, standard 512 MB, large 1 GB).
const SIZES: Record<string, string> = {
  small: "small",
  standard: "standard",
  large: "large",
  free: "standard",
  eco: "standard",
  hobby: "standard",
  basic: "standard",
  "standard-1x": "standard",
  "standard-2x": "large",
};
export const MAX_FORMATION_QUANTITY = Number(process.env.BERTH_MAX_QUANTITY ?? 20);
const MAX_COMMAND = 4096;
const MAX_ADDONS = 10;
const MAX_BUILDPACKS = 10;
/** The port Berth gives every web process (PORT); a check on any other is one Berth cannot run. */
const WEB_PORT = 5000;

/** Parses app.json's text. Throws AppJsonError with a message for the build's output. */
export function parseAppJson(text: string): AppManifest {
  const body = text.replace(/^\uFEFF/, "");
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    const problem = findJsonProblem(body);
    throw new AppJsonError(problem ? `${APP_JSON} line ${problem.line}: ${problem.message}` : `${APP_JSON}: ${(err as Error).message}`);
  }
  if (!isObject(doc)) return fail("it must hold one JSON object ({ … })");
  const notes: string[] = [];
  return {
    env: parseEnv(doc.env),
    formation: parseFormation(doc.formation, notes),
    addons: parseAddons(doc.addons, notes),
    postdeploy: parsePostdeploy(doc.scripts),
    checks: parseHealthchecks(doc.healthchecks, notes),
    buildpacks: parseBuildpacks(doc.buildpacks),
    notes,
  };
}

/** The required keys the app's config lacks (a default or a generator satisfies its own key). */
export function missingRequiredEnv(manifest: AppManifest, config: Record<string, string>): string[] {
  return Object.entries(manifest.env)
    .filter(([key, e]) => e.required && e.value === undefined && e.generator === undefined && !(key in config))
    .map(([key]) => key);
}

/** The build's message for missing required keys: what they are and how to set them. */
export function describeMissingEnv(manifest: AppManifest, missing: string[]): string {
  const described = missing.map((k) => (manifest.env[k]?.description ? `${k} (${manifest.env[k]!.description.slice(0, 200)})` : k));
  return `${APP_JSON} requires config vars this app does not have: ${described.join(", ")}. Set them with \`berth config:set ${missing.map((k) => `${k}=…`).join(" ")}\`, then push again`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseEnv(env: unknown): Record<string, EnvEntry> {
  if (env === undefined || env === null) return {};
  if (!isObject(env)) return fail("env must be an object of config vars ({ \"KEY\": \"default\" } or { \"KEY\": { \"value\": … } })");
  const out: Record<string, EnvEntry> = {};
  for (const [key, raw] of Object.entries(env)) {
    const where = `env.${key.slice(0, 60)}`;
    if (!ENV_NAME.test(key)) fail(`${where}: config var names are letters, digits and _, not starting with a digit`);
    if (RESERVED_NAMES.has(key)) fail(`${where}: PORT and DYNO are set by Berth`);
    if (typeof raw === "string") {
      out[key] = { value: checkValue(where, raw), required: false };
      continue;
    }
    if (!isObject(raw)) fail(`${where} must be a string (its default) or an object with value, required, generator or description`);
    const r = raw as Record<string, unknown>;
    const entry: EnvEntry = { required: true };
    if (r.value !== undefined) {
      if (typeof r.value !== "string") fail(`${where}.value must be a string`);
      entry.value = checkValue(where, r.value as string);
    }
    if (r.generator !== undefined) {
      if (r.generator !== "secret") fail(`${where}.generator: Berth knows only "secret"`);
      entry.generator = "secret";
    }
    if (r.required !== undefined) {
      if (typeof r.required !== "boolean") fail(`${where}.required must be true or false`);
      entry.required = r.required as boolean;
    }
    if (typeof r.description === "string") entry.description = r.description;
    out[key] = entry;
  }
  return out;
}

function checkValue(where: string, value: string): string {
  if (value.length > 32 * 1024) fail(`${where}: config var values are at most 32 KiB`);
  if (value.includes("\0")) fail(`${where}: config var values cannot contain NUL bytes`);
  return value;
}

function parseFormation(formation: unknown, notes: string[]): AppManifest["formation"] {
  if (formation === undefined || formation === null) return {};
  if (!isObject(formation)) return fail('formation must be an object of process types ({ "web": { "quantity": 1, "size": "standard" } })');
  const out: AppManifest["formation"] = {};
  for (const [type, raw] of Object.entries(formation)) {
    const where = `formation.${type.slice(0, 60)}`;
    if (!/^[A-Za-z0-9_-]{1,63}$/.test(type)) fail(`${where}: a process type is letters, digits, _ and -`);
    if (type === "release") fail(`${where}: the release phase runs once per release and cannot be scaled`);
    if (!isObject(raw)) fail(`${where} must be an object with quantity and/or size`);
    const r = raw as Record<string, unknown>;
    const entry: { quantity?: number; size?: string } = {};
    if (r.quantity !== undefined) {
      if (!Number.isInteger(r.quantity) || (r.quantity as number) < 0 || (r.quantity as number) > MAX_FORMATION_QUANTITY) {
        fail(`${where}.quantity must be a whole number from 0 to ${MAX_FORMATION_QUANTITY}`);
      }
      entry.quantity = r.quantity as number;
    }
    if (r.size !== undefined) entry.size = mapSize(where, r.size, notes);
    out[type] = entry;
  }
  return out;
}

function mapSize(where: string, size: unknown, notes: string[]): string {
  if (typeof size !== "string") return fail(`${where}.size must be a string`);
  const name = size.toLowerCase();
  const mapped = SIZES[name];
  if (!mapped) {
    const big = /^(performance|private|shield)-/.test(name) ? " (more memory than Berth's largest size, large: 1 GB)" : "";
    return fail(`${where}.size: Berth has no size "${size.slice(0, 40)}"${big}; use small (256 MB), standard (512 MB) or large (1 GB) — Heroku's eco, basic and standard-1x run as standard, standard-2x as large`);
  }
  if (mapped !== name) notes.push(`${where}.size ${size} runs as Berth's ${mapped}`);
  return mapped;
}

function parseAddons(addons: unknown, notes: string[]): ManifestAddon[] {
  if (addons === undefined || addons === null) return [];
  if (!Array.isArray(addons)) return fail('addons must be a list (["heroku-redis", { "plan": "heroku-postgresql", "as": "DATABASE" }])');
  if (addons.length > MAX_ADDONS) fail(`at most ${MAX_ADDONS} addons`);
  const out: ManifestAddon[] = [];
  addons.forEach((raw, i) => {
    const where = `addons[${i}]`;
    let written: string;
    let as: string | undefined;
    if (typeof raw === "string") written = raw;
    else if (isObject(raw) && typeof raw.plan === "string") {
      written = raw.plan;
      if (raw.as !== undefined) {
        if (typeof raw.as !== "string" || !/^[A-Z][A-Z0-9_]{0,39}$/.test(raw.as)) fail(`${where}.as is the config var prefix (DATABASE sets DATABASE_URL): capital letters, digits and _, starting with a letter`);
        as = raw.as as string;
      }
      if (isObject(raw.options) && Object.keys(raw.options).length) notes.push(`${where}: Heroku's add-on options (${Object.keys(raw.options).join(", ").slice(0, 80)}) do not apply to Berth's add-ons`);
    } else return fail(`${where} must be a name ("heroku-redis") or an object with a plan ({ "plan": "heroku-postgresql:mini" })`);
    const [name = "", plan] = written.split(":", 2);
    const service = ADDON_SERVICES[name.toLowerCase()];
    if (!service) {
      fail(
        `${where}: Berth has no add-on "${written.slice(0, 60)}"; it offers redis (for heroku-redis), postgres (for heroku-postgresql) and mysql (for jawsdb, jawsdb-maria, cleardb)`,
      );
    }
    const addon: ManifestAddon = { written, service: service!, ...(as ? { as } : {}) };
    if (plan) {
      if (SERVICE_PLANS[service!].includes(plan)) addon.plan = plan;
      else notes.push(`${where}: ${written} gets ${service}'s default plan (Berth's ${service} plans are ${SERVICE_PLANS[service!].join(", ")})`);
    }
    out.push(addon);
  });
  const prefixes = out.map((a) => a.as ?? (a.service === "redis" ? "REDIS" : "DATABASE"));
  const twice = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (twice) fail(`two addons would set ${twice}_URL: give one of them another "as"`);
  return out;
}

function parsePostdeploy(scripts: unknown): string | null {
  if (scripts === undefined || scripts === null) return null;
  if (!isObject(scripts)) return fail('scripts must be an object ({ "postdeploy": "command" })');
  const cmd = scripts.postdeploy;
  if (cmd === undefined || cmd === null) return null;
  if (typeof cmd !== "string" || cmd.trim() === "") return fail("scripts.postdeploy must be a command (a non-empty string)");
  if (cmd.length > MAX_COMMAND || cmd.includes("\0")) fail(`scripts.postdeploy must be at most ${MAX_COMMAND} characters, without NUL bytes`);
  return cmd;
}

// Dokku's healthchecks: per process type, a list of checks. Berth checks web processes over HTTP
// as they start, so web's startup checks with a path become the build's checks; the per-check
// settings apply to all of them together (the largest of each wins), as in a CHECKS file.
const CHECK_RANGES = {
  attempts: { min: 1, max: 100, unit: "attempts" },
  timeout: { min: 1, max: 300, unit: "seconds" },
  initialDelay: { min: 0, max: 300, unit: "seconds" },
  wait: { min: 0, max: 60, unit: "seconds" },
} as const;
const PATH = /^\/[\x21-\x7e]*$/;

function parseHealthchecks(healthchecks: unknown, notes: string[]): ChecksFile | null {
  if (healthchecks === undefined || healthchecks === null) return null;
  if (!isObject(healthchecks)) return fail('healthchecks must be an object of process types ({ "web": [{ "type": "startup", "path": "/health" }] })');
  for (const type of Object.keys(healthchecks)) {
    if (type !== "web") notes.push(`healthchecks.${type.slice(0, 60)}: Berth checks only web processes (other process types must stay running)`);
  }
  const web = healthchecks.web;
  if (web === undefined || web === null) return null;
  if (!Array.isArray(web)) return fail("healthchecks.web must be a list of checks");
  const file: ChecksFile = { checks: [], source: "app.json" };
  const settings: Partial<Record<keyof typeof CHECK_RANGES, number>> = {};
  web.forEach((raw, i) => {
    const where = `healthchecks.web[${i}]`;
    if (!isObject(raw)) fail(`${where} must be an object ({ "type": "startup", "path": "/health" })`);
    const c = raw as Record<string, unknown>;
    const type = c.type ?? "startup";
    if (type === "liveness" || type === "readiness") return void notes.push(`${where}: ${type} checks are not run (Berth checks web processes as they start: use "type": "startup")`);
    if (type !== "startup") fail(`${where}.type is startup, liveness or readiness`);
    if (c.command !== undefined) fail(`${where}: command checks are not supported (Berth checks web processes over HTTP on PORT: give a path)`);
    if (c.uptime !== undefined) fail(`${where}: uptime checks are not supported (Berth's default check waits for an HTTP answer on PORT; give a path for a stricter one)`);
    if (c.port !== undefined && c.port !== WEB_PORT) fail(`${where}.port: Berth checks web processes on PORT (${WEB_PORT}); leave port out`);
    for (const key of Object.keys(CHECK_RANGES) as Array<keyof typeof CHECK_RANGES>) {
      if (c[key] === undefined) continue;
      const n = c[key];
      const range = CHECK_RANGES[key];
      if (!Number.isInteger(n) || (n as number) < range.min || (n as number) > range.max) fail(`${where}.${key} is a whole number of ${range.unit}, ${range.min} to ${range.max}`);
      settings[key] = Math.max(settings[key] ?? 0, n as number);
    }
    if (c.path === undefined) {
      // A listening check (or none at all) is what Berth's default check already does.
      return;
    }
    if (typeof c.path !== "string" || !PATH.test(c.path)) fail(`${where}.path must be a path starting with / (without spaces)`);
    const check: WebCheck = { path: c.path as string };
    if (c.scheme !== undefined) {
      if (c.scheme !== "http" && c.scheme !== "https") fail(`${where}.scheme is http or https`);
      check.proto = c.scheme as "http" | "https";
    }
    if (c.content !== undefined && c.content !== "") {
      if (typeof c.content !== "string") fail(`${where}.content must be a string`);
      check.content = c.content as string;
    }
    if (file.checks.length === 20) fail("healthchecks.web: at most 20 checks");
    file.checks.push(check);
  });
  if (file.checks.length === 0) return null;
  if (settings.attempts !== undefined) file.attempts = settings.attempts;
  if (settings.timeout !== undefined) file.requestTimeoutSeconds = settings.timeout;
  if (settings.initialDelay !== undefined) file.waitSeconds = settings.initialDelay;
  if (settings.wait !== undefined) file.retrySeconds = settings.wait;
  return file;
}

function parseBuildpacks(buildpacks: unknown): string[] {
  if (buildpacks === undefined || buildpacks === null) return [];
  if (!Array.isArray(buildpacks)) return fail('buildpacks must be a list ([{ "url": "heroku/python" }])');
  if (buildpacks.length > MAX_BUILDPACKS) fail(`at most ${MAX_BUILDPACKS} buildpacks`);
  return buildpacks.map((raw, i) => {
    const url = isObject(raw) ? raw.url : undefined;
    if (typeof url !== "string" || !/^[\x21-\x7e]{1,500}$/.test(url)) return fail(`buildpacks[${i}] must be { "url": "<a buildpack name or git URL, without spaces>" }`);
    // Heroku's shorthand names Berth's own buildpack of that language (bin/build refuses unknown ones).
    const short = /^heroku\/([a-z0-9_-]+)$/.exec(url);
    return short ? short[1]! : url;
  });
}
