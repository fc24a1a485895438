// app.json (Heroku's manifest, honoured by Dokku) through git push and the router, pushed by an
// ordinary user: on the first deploy its env defaults and generated secret are set (never over
// the user's own value), its add-on is created and waited for, its formation applied, its health
// check used instead of the default, its buildpack chosen, and its postdeploy run once; a second
// push applies none of the setup again. A malformed file, a missing required var and an add-on
// Berth does not offer each fail the build with their exact message and change nothing; a failing
// postdeploy rejects the push while the release it followed stays live.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { api, commitAll, newUser, push, sampleRepo, uniqueName, viaRouter, waitFor } from "../support/berth.ts";

interface Formation {
  type: string;
  quantity: number;
  size: string;
}

describe("app.json", { concurrency: false }, () => {
  let user: Awaited<ReturnType<typeof newUser>>;
  let secret: string;
  const apps: string[] = [];
  const repos: string[] = [];
  const as = (method: string, route: string, body?: unknown) => api(method, route, body, user.headers);

  async function createApp(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    const res = await as("POST", "/api/v1/apps", { name });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    apps.push(name);
    return name;
  }
  async function repoOf(sample: string): Promise<string> {
    const repo = await sampleRepo(sample);
    repos.push(repo);
    return repo;
  }
  const config = async (app: string) => (await as("GET", `/api/v1/apps/${app}/config-vars`)).body as Record<string, string>;
  const addons = async (app: string) => (await as("GET", `/api/v1/apps/${app}/addons`)).body as Array<{ name: string; service: string; plan: string }>;
  const releases = async (app: string) => (await as("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ version: number; status: string }>;
  const formation = async (app: string) => (await as("GET", `/api/v1/apps/${app}/formation`)).body as Formation[];
  // git pads side-band lines with spaces when its stderr is no terminal.
  const lines = (output: string) => output.replace(/[ \t]+$/gm, "");
  const brief = (f: Formation[]) => f.map((e) => `${e.type}=${e.quantity}:${e.size}`).join(" ");

  before(async () => {
    user = await newUser("appjson");
    secret = user.headers.authorization!.replace(/^Bearer /, "");
  });
  after(async () => {
    const made = new Set<string>();
    for (const app of apps) {
      for (const a of await addons(app).catch(() => [])) made.add(a.name);
      await api("DELETE", `/api/v1/apps/${app}`);
    }
    for (const name of made) await api("DELETE", `/api/v1/addons/${name}`, { confirm: name });
    for (const repo of repos) fs.rmSync(repo, { recursive: true, force: true });
  });

  describe("a sample with every key", () => {
    let app: string;
    let repo: string;

    test("the first deploy sets the app up from app.json, then serves through the router", async () => {
      app = await createApp("aj-full");
      repo = await repoOf("app-json-full");
      // Set before the first push: the user's own value wins over app.json's default, and the required one is there.
      assert.equal((await as("PATCH", `/api/v1/apps/${app}/config-vars`, { USER_SET: "mine", REQUIRED_KEY: "given" })).status, 200);

      const result = await push(repo, app, { secret });
      assert.equal(result.code, 0, result.output);
      const out = lines(result.output);
      assert.match(out, /remote: -----> app\.json buildpacks: procfile\n/);
      assert.match(out, /remote: -----> Procfile app detected\n/, "app.json's buildpack, not the static one index.html would pick");
      assert.match(out, /remote: -----> app\.json healthchecks: web processes must answer \/ready "ready"\n/);
      assert.match(out, /remote:        app\.json: addons\[0\]: heroku-redis:mini gets redis's default plan \(Berth's redis plans are cache, hobby, standard, large\)\n/);
      assert.match(out, /remote:        app\.json: formation\.web\.size standard-2x runs as Berth's large\n/);
      assert.match(out, new RegExp(`remote: -----> Setting up ${app} from app\\.json \\(its first deploy\\)\\n`));
      assert.match(out, /remote:        config: set GREETING, SECRET_TOKEN \(generated\)\n/, "USER_SET is the user's; values never reach the log");
      const addon = /remote:        add-on heroku-redis:mini: created (redis-[a-z0-9-]+) \(redis, plan hobby\) as REDIS_URL\n/.exec(out);
      assert.ok(addon, out);
      assert.match(out, /remote:        formation: web=1:large worker=1:small\n/);
      assert.match(out, new RegExp(`remote: -----> Waiting for ${addon[1]} to be ready\\n`));
      assert.match(out, /remote: -----> Starting worker\.1 \(small\)\n/);
      assert.match(out, /remote: -----> Released v2\n/);
      assert.match(out, /remote: -----> Running the app\.json postdeploy command: python3 \/app\/seed\.py\n/);
      assert.match(out, /remote:        postdeploy sees GREETING=hello from app\.json and REDIS_URL=set\n/);
      assert.match(out, /remote:        postdeploy done\n/);
      assert.ok(out.indexOf("Released v2") < out.indexOf("Running the app.json postdeploy"), "postdeploy runs once the release is live");
      assert.doesNotMatch(out, /SECRET_TOKEN=|[0-9a-f]{64}/, "the generated secret is never printed");

      // / answers 503: only app.json's check on /ready let this deploy.
      assert.deepEqual(await viaRouter(app, "/ready"), { status: 200, body: "ready\n" });
      assert.equal((await viaRouter(app, "/")).status, 503);
      const info = JSON.parse((await viaRouter(app, "/info")).body);
      assert.deepEqual(info, { dyno: "web.1", greeting: "hello from app.json", redis: "PONG", required: "given", secretLength: 64, userSet: "mine" });

      const vars = await config(app);
      assert.match(vars.SECRET_TOKEN!, /^[0-9a-f]{64}$/);
      assert.equal(vars.USER_SET, "mine");
      assert.deepEqual((await addons(app)).map((a) => [a.name, a.service, a.plan]), [[addon[1], "redis", "hobby"]]);
      assert.equal(brief(await formation(app)), "web=1:large worker=1:small");
    });

    test("a second push applies none of the setup again, and still checks app.json's health check", async () => {
      assert.ok(app, "the first deploy ran");
      // The user changes what app.json set up: a later push must keep it.
      assert.equal((await as("PATCH", `/api/v1/apps/${app}/formation/worker`, { quantity: 0 })).status, 200);
      await waitFor("the config change to be taken", async () => (await as("PATCH", `/api/v1/apps/${app}/config-vars`, { GREETING: "changed", SECRET_TOKEN: null })).status === 200 || undefined);
      fs.appendFileSync(path.join(repo, "worker.py"), "# a second commit\n");
      await commitAll(repo, "second");
      // The scale and the config change roll out first; a push meanwhile is refused as "in progress".
      const result = await waitFor(`${app} to take a push`, async () => {
        const r = await push(repo, app, { secret });
        return r.output.includes("another deploy of") ? undefined : r;
      }, 120_000);
      assert.equal(result.code, 0, result.output);
      const out = lines(result.output);
      assert.match(out, /remote: -----> app\.json: env, addons, formation and scripts\.postdeploy apply on an app's first deploy only; this app has been set up before\n/);
      assert.match(out, /remote: -----> app\.json healthchecks: web processes must answer \/ready "ready"\n/);
      assert.doesNotMatch(out, /Setting up|Running the app\.json postdeploy|postdeploy sees/);
      assert.equal((await viaRouter(app, "/")).status, 503, "still deployed on app.json's check");
      const info = JSON.parse((await viaRouter(app, "/info")).body);
      assert.equal(info.greeting, "changed");
      assert.equal(info.secretLength, 0, "an unset generated secret is not generated again");
      assert.equal((await config(app)).SECRET_TOKEN, undefined);
      assert.equal((await addons(app)).length, 1, "no second Redis");
      assert.equal(brief(await formation(app)), "web=1:large worker=0:small");
    });
  });

  describe("refusals: each fails the build with its message, and nothing changes", () => {
    let app: string;
    before(async () => {
      app = await createApp("aj-bad");
    });

    async function refused(sample: string): Promise<string> {
      const result = await push(await repoOf(sample), app, { secret });
      assert.notEqual(result.code, 0, result.output);
      const out = lines(result.output);
      assert.match(out, /remote:  !     push rejected: the build failed\n/);
      // Nothing was made: no release, no config, no add-on.
      assert.deepEqual(await releases(app), []);
      assert.deepEqual(await config(app), {});
      assert.deepEqual(await addons(app), []);
      return out;
    }

    test("a malformed app.json: the line of the JSON error", async () => {
      const out = await refused("app-json-malformed");
      assert.ok(out.includes('remote:  !     Build failed: app.json line 5: expected a "quoted" property name (no comma before }), found "}"\n'), out);
    });

    test("a required config var missing on the first deploy: the keys and how to set them", async () => {
      const out = await refused("app-json-required");
      assert.ok(
        out.includes(
          "remote:  !     Build failed: app.json requires config vars this app does not have: STRIPE_KEY (the payment provider's secret key), SENTRY_DSN. Set them with `berth config:set STRIPE_KEY=… SENTRY_DSN=…`, then push again\n",
        ),
        out,
      );
    });

    test("an add-on Berth does not offer: named, with what it offers", async () => {
      const out = await refused("app-json-bad-addon");
      assert.ok(
        out.includes(
          'remote:  !     Build failed: app.json: addons[1]: Berth has no add-on "papertrail:choklad"; it offers redis (for heroku-redis), postgres (for heroku-postgresql) and mysql (for jawsdb, jawsdb-maria, cleardb)\n',
        ),
        out,
      );
    });
  });

  test("a failing postdeploy rejects the push; the release it followed stays live", async () => {
    const app = await createApp("aj-post");
    const result = await push(await repoOf("app-json-postdeploy-fails"), app, { secret });
    assert.notEqual(result.code, 0, result.output);
    const out = lines(result.output);
    assert.match(out, /remote: -----> Released v1\n/);
    assert.match(out, /remote:        seeding the database\n/);
    const why = "the app.json postdeploy command exited with code 3 (v1 is live; run it again with `berth run` if it should)";
    assert.ok(out.includes(`remote:  !     ${why}\n`), out);
    assert.ok(out.includes(`remote:  !     push rejected: ${why}\n`), out);
    assert.deepEqual((await releases(app)).map((r) => [r.version, r.status]), [[1, "succeeded"]]);
    assert.equal((await viaRouter(app, "/")).status, 200);
  });
});
