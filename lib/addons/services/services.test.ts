import assert from "node:assert/strict";
import { test } from "node:test";
import { BerthError } from "../../errors.ts";
import { findPlan, findService, SERVICES } from "../registry.ts";
import type { AddonSpec } from "./types.ts";

function spec(service: string, options: Record<string, unknown> = {}): AddonSpec {
  const s = findService(service);
  return { name: `${service}-calm-1234`, plan: findPlan(s), options: s.options.parse(options), credentials: s.newCredentials(`${service}-calm-1234`) };
}

test("every service's default plan exists, and its options default from {}", () => {
  for (const s of SERVICES) {
    assert.equal(findPlan(s).name, s.defaultPlan);
    assert.doesNotThrow(() => s.options.parse({}));
  }
});

test("credentials are strong and safe in URLs, config files and SQL strings", () => {
  const seen = new Set<string>();
  for (const s of SERVICES) {
    const c = spec(s.name).credentials;
    assert.match(c.password, /^[A-Za-z0-9_-]{32}$/);
    assert.ok(!seen.has(c.password));
    seen.add(c.password);
    if (s.name !== "redis") assert.equal(c.user, `${s.name}_calm_1234`);
  }
});

test("redis with replicas: a primary and N replicas that follow it, and REPLICA_URLS", () => {
  const redis = findService("redis");
  const addon = spec("redis", { replicas: 2 });
  const roles = redis.containers(addon);
  assert.deepEqual(roles.map((r) => [r.role, r.alias, r.persistent]), [
    ["primary", "redis-calm-1234", true],
    ["replica-1", "redis-calm-1234-replica-1", false],
    ["replica-2", "redis-calm-1234-replica-2", false],
  ]);
  assert.equal(roles[1]!.env.REDIS_PRIMARY, "redis-calm-1234");
  assert.equal(roles[0]!.env.REDIS_PERSISTENCE, "aof");
  assert.equal(roles[1]!.env.REDIS_PERSISTENCE, "none");
  const pw = addon.credentials.password;
  assert.deepEqual(redis.configVars(addon), {
    URL: `redis://:${pw}@redis-calm-1234:6379`,
    REPLICA_URLS: `redis://:${pw}@redis-calm-1234-replica-1:6379,redis://:${pw}@redis-calm-1234-replica-2:6379`,
  });
  assert.deepEqual(Object.keys(redis.configVars(spec("redis"))), ["URL"]);
  assert.equal(redis.options.safeParse({ replicas: 4 }).success, false);
  assert.equal(redis.options.safeParse({ replicas: 1.5 }).success, false);
  assert.equal(redis.options.safeParse({ shards: 2 }).success, false);
});

test("mysql and postgres URLs name the add-on as host, with user and database", () => {
  const m = spec("mysql");
  assert.equal(findService("mysql").configVars(m).URL, `mysql://mysql_calm_1234:${m.credentials.password}@mysql-calm-1234:3306/mysql_calm_1234`);
  const p = spec("postgres");
  assert.equal(findService("postgres").configVars(p).URL, `postgres://postgres_calm_1234:${p.credentials.password}@postgres-calm-1234:5432/postgres_calm_1234`);
  assert.equal(findService("postgres").options.safeParse({ replicas: 1 }).success, false);
});

test("unknown services and plans are refused with the choices", () => {
  assert.throws(() => findService("mongodb"), (err: BerthError) => err.code === "invalid" && /choose one of redis, mysql, postgres/.test(err.message));
  assert.throws(() => findPlan(findService("mysql"), "tiny"), (err: BerthError) => err.code === "invalid" && /its plans are hobby, standard, large/.test(err.message));
});
