import assert from "node:assert/strict";
import { test } from "node:test";
import { describeMissingEnv, missingRequiredEnv, parseAppJson } from "./app-json.ts";
import { findJsonProblem } from "./json-error.ts";

test("a malformed app.json names the line of its first error, whatever Node's own message says", () => {
  const cases: Array<[string, RegExp]> = [
    ['{\n  "env": {\n    "A": "1",\n  }\n}', /app\.json line 4: expected a "quoted" property name \(no comma before }\), found "}"$/],
    ['{\n  "a": 1\n  "b": 2\n}', /app\.json line 3: expected "," or "}" after a property value, found "\\""$/],
    ['{\n  "a": tru\n}', /app\.json line 2: expected true, found "\\n"$/],
    ['{\n  "a": x\n}', /app\.json line 2: expected a value/],
    ['{\n\n  "a": "open\n}', /app\.json line 3: a string cannot hold a raw control character/],
    ['{"a": 1}}', /app\.json line 1: expected nothing more after the JSON value, found "}"$/],
    ["", /app\.json line 1: the file is empty/],
    ['{\n "a": [1, 2,]\n}', /app\.json line 2: expected a value \(no comma before \]\)/],
    ['{\n "a": "b', /app\.json line 2: a string is not closed/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseAppJson(text), message, JSON.stringify(text));
  }
});

test("the JSON scanner agrees with JSON.parse on valid text", () => {
  for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {}}', "  []  ", '"s"', "0"]) {
    JSON.parse(text);
    assert.equal(findJsonProblem(text), null, text);
  }
});

test("unknown keys are ignored; a file of only them asks for nothing", () => {
  const m = parseAppJson(JSON.stringify({ name: "x", description: "y", logo: "z", environments: { test: {} }, cron: [] }));
  assert.deepEqual(m, { env: {}, formation: {}, addons: [], postdeploy: null, checks: null, buildpacks: [], notes: [] });
  assert.throws(() => parseAppJson("[]"), /app\.json: it must hold one JSON object/);
});

test("env: defaults, generated secrets, and required keys as on Heroku (required unless it has a value)", () => {
  const m = parseAppJson(
    JSON.stringify({
      env: {
        GREETING: "hello",
        SECRET_TOKEN: { generator: "secret", description: "signs cookies" },
        WEB_CONCURRENCY: { value: "5" },
        API_KEY: { description: "the partner's key" },
        OPTIONAL: { required: false },
      },
    }),
  );
  assert.deepEqual(m.env.GREETING, { value: "hello", required: false });
  assert.deepEqual(m.env.SECRET_TOKEN, { required: true, generator: "secret", description: "signs cookies" });
  assert.deepEqual(missingRequiredEnv(m, {}), ["API_KEY"]);
  assert.deepEqual(missingRequiredEnv(m, { API_KEY: "k" }), []);
  assert.equal(
    describeMissingEnv(m, ["API_KEY"]),
    "app.json requires config vars this app does not have: API_KEY (the partner's key). Set them with `berth config:set API_KEY=…`, then push again",
  );
  assert.throws(() => parseAppJson('{"env": {"PORT": "1"}}'), /app\.json: env\.PORT: PORT and DYNO are set by Berth$/);
  assert.throws(() => parseAppJson('{"env": {"1X": "1"}}'), /env\.1X: config var names are letters/);
  assert.throws(() => parseAppJson('{"env": {"A": {"generator": "uuid"}}}'), /env\.A\.generator: Berth knows only "secret"/);
  assert.throws(() => parseAppJson('{"env": {"A": 5}}'), /env\.A must be a string/);
});

test("formation: quantities, Berth's sizes, Heroku's sizes mapped by memory or refused", () => {
  const m = parseAppJson(JSON.stringify({ formation: { web: { quantity: 2, size: "Standard-1X" }, worker: { quantity: 1, size: "small" }, clock: { size: "standard-2x" } } }));
  assert.deepEqual(m.formation, { web: { quantity: 2, size: "standard" }, worker: { quantity: 1, size: "small" }, clock: { size: "large" } });
  assert.deepEqual(m.notes, ["formation.web.size Standard-1X runs as Berth's standard", "formation.clock.size standard-2x runs as Berth's large"]);
  assert.throws(
    () => parseAppJson('{"formation": {"web": {"size": "performance-l"}}}'),
    /app\.json: formation\.web\.size: Berth has no size "performance-l" \(more memory than Berth's largest size, large: 1 GB\); use small/,
  );
  assert.throws(() => parseAppJson('{"formation": {"web": {"quantity": -1}}}'), /formation\.web\.quantity must be a whole number from 0 to/);
  assert.throws(() => parseAppJson('{"formation": {"release": {"quantity": 1}}}'), /the release phase runs once per release/);
});

test("addons: Heroku's names map to Berth's services; plans kept when Berth has them; others refused by name", () => {
  const m = parseAppJson(JSON.stringify({ addons: ["heroku-redis", { plan: "heroku-postgresql:mini", as: "PRIMARY" }, "jawsdb:kitefin", { plan: "redis:cache", as: "CACHE" }] }));
  assert.deepEqual(m.addons, [
    { written: "heroku-redis", service: "redis" },
    { written: "heroku-postgresql:mini", service: "postgres", as: "PRIMARY" },
    { written: "jawsdb:kitefin", service: "mysql" },
    { written: "redis:cache", service: "redis", plan: "cache", as: "CACHE" },
  ]);
  assert.match(m.notes[0]!, /addons\[1\]: heroku-postgresql:mini gets postgres's default plan/);
  assert.throws(
    () => parseAppJson('{"addons": ["heroku-redis", "mongolab:sandbox"]}'),
    /app\.json: addons\[1\]: Berth has no add-on "mongolab:sandbox"; it offers redis \(for heroku-redis\), postgres \(for heroku-postgresql\) and mysql \(for jawsdb, jawsdb-maria, cleardb\)$/,
  );
  assert.throws(() => parseAppJson('{"addons": ["heroku-postgresql", "cleardb"]}'), /app\.json: two addons would set DATABASE_URL: give one of them another "as"$/);
  assert.throws(() => parseAppJson('{"addons": [{"plan": "heroku-redis", "as": "lower"}]}'), /addons\[0\]\.as is the config var prefix/);
});

test("scripts.postdeploy is one command", () => {
  assert.equal(parseAppJson('{"scripts": {"postdeploy": "python3 seed.py"}}').postdeploy, "python3 seed.py");
  assert.equal(parseAppJson('{"scripts": {"test": "x"}}').postdeploy, null);
  assert.throws(() => parseAppJson('{"scripts": {"postdeploy": ""}}'), /scripts\.postdeploy must be a command/);
});

test("healthchecks: web's startup checks with a path become the build's checks; what Berth cannot run is named", () => {
  const m = parseAppJson(
    JSON.stringify({
      healthchecks: {
        web: [
          { type: "startup", name: "ready", path: "/ready", content: "ready", attempts: 3, timeout: 2, wait: 1, initialDelay: 1, description: "ignored" },
          { path: "/about", scheme: "https", attempts: 4 },
          { type: "liveness", path: "/live" },
          { listening: true },
        ],
        worker: [{ uptime: 5 }],
      },
    }),
  );
  assert.deepEqual(m.checks, {
    checks: [{ path: "/ready", content: "ready" }, { path: "/about", proto: "https" }],
    source: "app.json",
    attempts: 4,
    requestTimeoutSeconds: 2,
    waitSeconds: 1,
    retrySeconds: 1,
  });
  assert.deepEqual(m.notes, [
    "healthchecks.worker: Berth checks only web processes (other process types must stay running)",
    'healthchecks.web[2]: liveness checks are not run (Berth checks web processes as they start: use "type": "startup")',
  ]);
  assert.equal(parseAppJson('{"healthchecks": {"web": [{"listening": true}]}}').checks, null);
  assert.throws(() => parseAppJson('{"healthchecks": {"web": [{"command": ["true"]}]}}'), /healthchecks\.web\[0\]: command checks are not supported/);
  assert.throws(() => parseAppJson('{"healthchecks": {"web": [{"path": "/", "port": 8080}]}}'), /healthchecks\.web\[0\]\.port: Berth checks web processes on PORT \(5000\)/);
  assert.throws(() => parseAppJson('{"healthchecks": {"web": [{"path": "/", "attempts": 0}]}}'), /healthchecks\.web\[0\]\.attempts is a whole number of attempts, 1 to 100/);
  assert.throws(() => parseAppJson('{"healthchecks": {"web": [{"path": "no-slash"}]}}'), /healthchecks\.web\[0\]\.path must be a path starting with \//);
});

test("buildpacks: urls in order, Heroku's shorthand names Berth's own", () => {
  assert.deepEqual(parseAppJson('{"buildpacks": [{"url": "heroku/python"}, {"url": "https://example.com/bp.git#v1"}]}').buildpacks, ["python", "https://example.com/bp.git#v1"]);
  assert.throws(() => parseAppJson('{"buildpacks": [{"url": "a b"}]}'), /buildpacks\[0\] must be \{ "url"/);
  assert.throws(() => parseAppJson('{"buildpacks": ["heroku/python"]}'), /buildpacks\[0\] must be \{ "url"/);
});
