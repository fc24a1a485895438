// The Ruby and PHP buildpacks, and sources Berth cannot build, each pushed through git: a sample
// that must serve is checked through the router; a push that must fail is refused with the exact
// lines a user reads, and makes no release. The Ruby and PHP runtimes are Debian's, carried in
// the slug; no gem server or package repository is reachable, so dependencies come vendored.
// The first builds of the Node.js, Ruby and PHP samples run one after another in one test, and
// the test prints their durations as ratios (the figure of issue 13).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { api, commitAll, createApp, git, push, requestViaRouter, sampleRepo, viaRouter } from "../support/berth.ts";

/** Berth's own last lines after any failed buildpack build pushed through git. */
const BUILD_FAILED = [" !     Build failed: the buildpack build failed (exit code 1)", " !     push rejected: the build failed"];

/** The build's lines as git shows them, without git's `remote: ` prefix and its padding. */
const remoteLines = (output: string) => output.split("\n").map((line) => line.replace(/^remote: /, "").trimEnd());
/** The lines of a push that tell the user what went wrong. */
const errorLines = (output: string) => remoteLines(output).filter((line) => line.startsWith(" !     "));

/** A new app with a git working copy of `sample`, both removed by `done`. */
async function appWithRepo(prefix: string, sample: string) {
  const app = await createApp(prefix);
  const repo = await sampleRepo(sample);
  const done = async () => {
    await api("DELETE", `/api/v1/apps/${app}`);
    fs.rmSync(repo, { recursive: true, force: true });
  };
  return { app, repo, done };
}

/** Pushes the working copy; it must build, release and go live. The push output and the build. */
async function pushLive(app: string, repo: string) {
  const result = await push(repo, app);
  assert.equal(result.code, 0, result.output);
  const [newest] = (await api("GET", `/api/v1/apps/${app}/builds`)).body;
  const build = (await api("GET", `/api/v1/apps/${app}/builds/${newest.id}`)).body;
  assert.equal(build.status, "succeeded", result.output);
  assert.equal(build.release?.status, "succeeded", result.output);
  return { output: result.output, build };
}

/** Asserts the error lines of a push: each is the string given, or matches the pattern given (for a Debian version in it). */
function assertErrorLines(output: string, expected: Array<string | RegExp>) {
  const lines = errorLines(output);
  const all = [...expected, ...BUILD_FAILED];
  assert.equal(lines.length, all.length, `${JSON.stringify(lines, null, 1)}\n${output}`);
  all.forEach((want, i) => (typeof want === "string" ? assert.equal(lines[i], want, output) : assert.match(lines[i]!, want, output)));
}

/** Commits what `change` did to the working copy and pushes it; the push must be refused with exactly `lines`. */
async function pushFailing(app: string, repo: string, change: () => void, lines: Array<string | RegExp>) {
  change();
  await commitAll(repo, "a change that cannot build");
  const result = await push(repo, app);
  assert.notEqual(result.code, 0, result.output);
  assertErrorLines(result.output, lines);
  // the working copy goes back to the commit that built
  await git(repo, "reset", "-q", "--hard", "HEAD~1");
  return result.output;
}

/** The release versions of the app, newest first. */
const releases = async (app: string) => ((await api("GET", `/api/v1/apps/${app}/releases`)).body as Array<{ version: number }>).map((r) => r.version);

const SINATRA =
  /^hello from sinatra 3\.0\.5 on rack 2\.2\.\d+ and ruby 3\.1\.\d+ \(production\), installed in \/app\/vendor\/bundle\/ruby\/3\.1\.0\/gems\/sinatra-3\.0\.5; a C extension compiled against ruby 3\.1\n$/;
const PHP_PAGE = /^hello, berth from php 8\.2\.\d+ \(fpm-fcgi\), berth\/greeting 1\.0\.0 from vendor\/, PORT \d+\n$/;

describe("Ruby and PHP buildpacks, and languages Berth cannot build", { concurrency: 2 }, () => {
  test("first builds of Node.js, Ruby and PHP samples, one after another; then each app's failures", async (t) => {
    const node = await appWithRepo("rp-node", "node-hello");
    const ruby = await appWithRepo("rp-ruby", "ruby-sinatra");
    const php = await appWithRepo("rp-php", "php-hello");
    try {
      const seconds: Record<string, number> = {};

      await t.test("Node.js (the baseline)", async () => {
        const { build } = await pushLive(node.app, node.repo);
        seconds.node = build.durationSeconds;
        assert.match((await viaRouter(node.app)).body, /^hello from node v20\.\d+\.\d+\n$/);
      });

      await t.test("Ruby: Debian's ruby in the slug, Sinatra's gems (and one with a C extension) installed from vendor/cache, served by rackup", async () => {
        const { output, build } = await pushLive(ruby.app, ruby.repo);
        seconds.ruby = build.durationSeconds;
        const lines = remoteLines(output);
        assert.ok(lines.includes("-----> Ruby app detected"), output);
        assert.ok(lines.some((line) => /^ {7}Downloading 14 packages from Debian \(.+\)$/.test(line)), output);
        assert.ok(lines.includes("       Installing sinatra 3.0.5"), output);
        // a gem with a C extension: Ruby's headers come beside the slug's Ruby, the builder's gcc compiles it
        assert.ok(lines.includes("       Gems with C extensions: berth_native-1.0.0"), output);
        assert.ok(lines.includes("       Installing berth_native 1.0.0 with native extensions"), output);
        assert.ok(lines.includes("       Using ruby2_keywords 0.0.5"), output); // a default gem of Debian's ruby, not in vendor/cache
        assert.equal(build.buildpack, "Ruby");
        assert.deepEqual(build.processTypes, { web: "bundle exec rackup config.ru -p $PORT -o 0.0.0.0" });
        const page = await viaRouter(ruby.app);
        assert.equal(page.status, 200);
        assert.match(page.body, SINATRA);
        assert.deepEqual(await viaRouter(ruby.app, "/greet/ana"), { status: 200, body: "hello, ana\n" });
      });

      await t.test("PHP: Debian's php-fpm in the slug behind the runner's nginx, the committed vendor/ autoloads", async () => {
        const { output, build } = await pushLive(php.app, php.repo);
        seconds.php = build.durationSeconds;
        const lines = remoteLines(output);
        assert.ok(lines.includes("-----> PHP app detected"), output);
        assert.ok(lines.includes("       Using the committed vendor/ (1 packages)"), output);
        assert.equal(build.buildpack, "PHP");
        assert.deepEqual(build.processTypes, { web: "berth-php-server" });
        const page = await viaRouter(php.app);
        assert.equal(page.status, 200);
        assert.match(page.body, PHP_PAGE);
        // a front controller: unknown paths reach index.php
        assert.match((await viaRouter(php.app, "/some/route")).body, PHP_PAGE);
        // what is not the site's is not served, though the document root is the app's top
        for (const secret of ["/composer.json", "/composer.lock", "/vendor/autoload.php", "/vendor/composer/installed.json", "/.profile.d/php.sh", "/.berth/php/conf/php.ini", "/Procfile"]) {
          assert.equal((await requestViaRouter(php.app, { path: secret })).status, 404, secret);
        }
      });

      const ratio = (x: number) => (x / seconds.node!).toFixed(2);
      t.diagnostic(`first build: node-hello ${seconds.node} s, ruby-sinatra ${seconds.ruby} s (${ratio(seconds.ruby!)}× Node.js), php-hello ${seconds.php} s (${ratio(seconds.php!)}× Node.js)`);

      await t.test("Ruby, the next push: Debian's packages come from the app's build cache", async () => {
        fs.appendFileSync(path.join(ruby.repo, "app.rb"), "# a change\n");
        await commitAll(ruby.repo, "a change");
        const { output, build } = await pushLive(ruby.app, ruby.repo);
        assert.ok(remoteLines(output).includes("       Using 14 Debian packages from the cache"), output);
        assert.ok(remoteLines(output).includes("       Using 3 Debian packages from the cache"), output); // Ruby's headers
        assert.doesNotMatch(output, /Downloading \d+ packages/);
        t.diagnostic(`ruby-sinatra warm build: ${build.durationSeconds} s`);
        assert.match((await viaRouter(ruby.app)).body, SINATRA);
      });

      await t.test("Ruby: a gem of Gemfile.lock missing from vendor/cache is named, and the app serves on", async () => {
        await pushFailing(ruby.app, ruby.repo, () => fs.rmSync(path.join(ruby.repo, "vendor/cache/rack-2.2.22.gem")), [
          " !     Gemfile.lock needs gems that are not in vendor/cache: rack-2.2.22. Berth's builders cannot reach rubygems.org: run `bundle cache`, commit vendor/cache and push again",
          " !     the Ruby buildpack could not build the app (exit 1): see the lines above",
        ]);
        assert.deepEqual(await releases(ruby.app), [2, 1]);
        assert.match((await viaRouter(ruby.app)).body, SINATRA);
      });

      await t.test("Ruby: no Gemfile.lock, or a Gemfile asking for another Ruby", async () => {
        await pushFailing(ruby.app, ruby.repo, () => fs.rmSync(path.join(ruby.repo, "Gemfile.lock")), [
          " !     Gemfile.lock is missing: run `bundle lock`, commit Gemfile.lock and push again (Berth installs exactly the gems it lists)",
          " !     the Ruby buildpack could not build the app (exit 1): see the lines above",
        ]);
        const gemfile = path.join(ruby.repo, "Gemfile");
        await pushFailing(ruby.app, ruby.repo, () => fs.writeFileSync(gemfile, fs.readFileSync(gemfile, "utf8").replace('ruby "~> 3.1.0"', 'ruby "3.3.0"')), [
          /^ !     the Gemfile asks for ruby 3\.3\.0, but Berth's Ruby buildpack has Debian's ruby 3\.1\.\d+ only: change the Gemfile's `ruby` line \(and Gemfile\.lock's RUBY VERSION\), or build with a Dockerfile$/,
          " !     the Ruby buildpack could not build the app (exit 1): see the lines above",
        ]);
        assert.deepEqual(await releases(ruby.app), [2, 1]);
      });

      await t.test("PHP: packages required without a committed vendor/, and a PHP version and extension this PHP lacks", async () => {
        await pushFailing(php.app, php.repo, () => fs.rmSync(path.join(php.repo, "vendor"), { recursive: true }), [
          " !     composer.json requires berth/greeting, but vendor/ is not committed. Berth's builders cannot reach packagist.org: run `composer install --no-dev`, commit vendor/ and push again",
          " !     the PHP buildpack could not build the app (exit 1): see the lines above",
        ]);
        const composer = path.join(php.repo, "composer.json");
        await pushFailing(
          php.app,
          php.repo,
          () => {
            const json = JSON.parse(fs.readFileSync(composer, "utf8"));
            json.require = { ...json.require, php: "^8.3", "ext-gd": "*" };
            fs.writeFileSync(composer, JSON.stringify(json, null, 4));
          },
          [
            /^ !     composer\.json requires php \^8\.3, ext-gd, which Berth's PHP does not have: it is Debian's PHP 8\.2\.\d+, with the extensions calendar, core, ctype, curl, .*mbstring, .*pdo_mysql, pdo_pgsql, .*zend opcache, zlib$/,
            " !     the PHP buildpack could not build the app (exit 1): see the lines above",
          ],
        );
        assert.deepEqual(await releases(php.app), [1]);
        assert.match((await viaRouter(php.app)).body, PHP_PAGE);
      });
    } finally {
      await Promise.all([node.done(), ruby.done(), php.done()]);
    }
  });

  test("a language Berth has no buildpack for, a runtime the runner lacks, or a newer Go than the builder's, fails the push saying what was found and what is supported", async (t) => {
    const java = await appWithRepo("rp-java", "unsupported-java");
    const go = await appWithRepo("rp-go", "go-newer");
    try {
      await t.test("a Java (Maven) app with a Procfile: refused at build, not started to exit 127", async () => {
        const result = await push(java.repo, java.app);
        assert.notEqual(result.code, 0, result.output);
        assertErrorLines(result.output, [
          " !     This app is written in a language Berth has no buildpack for: it has pom.xml (Java with Maven).",
          " !     Berth builds, by what it looks for:",
          " !       ruby: Gemfile",
          " !       nodejs: package.json",
          " !       python: requirements.txt, pyproject.toml or setup.py",
          " !       php: composer.json or index.php",
          " !       go: go.mod",
          " !       static: index.html or static.json",
          " !       procfile: Procfile",
          " !     Build it with a Dockerfile, or set BUILDPACK_URL (or a .buildpacks file) to a buildpack for it (BUILDPACK_URL=procfile runs the Procfile as it is).",
        ]);
        assert.doesNotMatch(result.output, /Procfile app detected|exit(ed)? (with )?(code )?127/);
        assert.deepEqual(await releases(java.app), []);
      });

      await t.test("a Procfile whose command needs a runtime berth/runner lacks (node, with no package.json)", async () => {
        const repo = await sampleRepo("procfile-needs-node");
        try {
          const result = await push(repo, java.app);
          assert.notEqual(result.code, 0, result.output);
          assertErrorLines(result.output, [
            " !     the Procfile's web process runs `node`, which berth/runner does not have. Node.js: the nodejs buildpack installs it for an app with a package.json (or name it in a .buildpacks file before procfile)",
            " !     the Procfile buildpack could not build the app (exit 1): see the lines above",
          ]);
          assert.deepEqual(await releases(java.app), []);
        } finally {
          fs.rmSync(repo, { recursive: true, force: true });
        }
      });

      await t.test("a go.mod asking for Go 1.22", async () => {
        const result = await push(go.repo, go.app);
        assert.notEqual(result.code, 0, result.output);
        assertErrorLines(result.output, [
          /^ !     go\.mod asks for Go 1\.22 \(its `go` line\), but Berth's builder has Go (1\.19)\.\d+ \(Debian's golang-go\): lower go\.mod's go line to \1 if the code builds with it, or build with a Dockerfile$/,
          " !     the Go buildpack could not build the app (exit 1): see the lines above",
        ]);
        assert.deepEqual(await releases(go.app), []);
      });
    } finally {
      await Promise.all([java.done(), go.done()]);
    }
  });
});
