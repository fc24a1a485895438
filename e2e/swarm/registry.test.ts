// Release images through the registry (issue 14, "builds once, runs anywhere"), on the real
// engines: an app image built on the machine's main engine (which is no swarm node and does not
// trust the registry) is pushed with skopeo, a test host that never had it pulls it, a second
// push of the same tag sends nothing, pruning takes tags out of the registry and images off the
// hosts, and deleting the app leaves none of its images anywhere. No Berth instance is needed:
// lib/registry reads only settings, set here before it is imported.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { docker, hostsFileOf, readHostsFile, testHostsScript, type TestHost, type TestHosts } from "./hosts.ts";

const run = promisify(execFile);
const unique = randomBytes(4).toString("hex");
// An instance and app of this run only, so nothing here meets another run's or a real Berth's images
const instance = `rt${unique}`;
const appId = `app${unique}`;
const builds = { one: `b1${unique}`, two: `b2${unique}`, same: `b3${unique}` };
const MAIN = "unix:///var/run/docker.sock";

type Registry = {
  push: typeof import("../../lib/registry/push-image.ts");
  pull: typeof import("../../lib/registry/pull-image.ts");
  prune: typeof import("../../lib/registry/prune-images.ts");
  remove: typeof import("../../lib/registry/delete-app-images.ts");
  api: typeof import("../../lib/registry/registry-api.ts");
};

/** The local tag Berth gives build B of the app (lib/docker/labels.ts buildImageTag). */
const localTag = (build: string) => `${instance}-app/${appId}:build-${build}`;
const figure = (what: string, ms: number) => console.log(`# figure: ${what}: ${ms} ms`);
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = Date.now();
  const value = await fn();
  return [value, Date.now() - started];
};
const mainDocker = async (args: string[]) => (await run("docker", ["-H", MAIN, ...args], { timeout: 60_000 })).stdout.trim();
const hasImage = async (host: TestHost, reference: string) => (await docker(host, ["images", "-q", reference])) !== "";

describe("release images travel through the registry", { concurrency: false }, () => {
  let set: TestHosts;
  let reg: Registry;
  let ref: (build: string) => string;
  let hostRef: (h: TestHost) => { id: string; endpoint: string };

  before(async () => {
    await testHostsScript(["up", "3"], { timeoutMs: 900_000 });
    set = readHostsFile(process.env.BERTH_TEST_HOSTS_FILE ?? hostsFileOf(0));
    Object.assign(process.env, { BERTH_INSTANCE: instance, BERTH_REGISTRY: set.registry, BERTH_REGISTRY_INSECURE: "1", BERTH_DOCKER_HOST: MAIN });
    reg = {
      push: await import("../../lib/registry/push-image.ts"),
      pull: await import("../../lib/registry/pull-image.ts"),
      prune: await import("../../lib/registry/prune-images.ts"),
      remove: await import("../../lib/registry/delete-app-images.ts"),
      api: await import("../../lib/registry/registry-api.ts"),
    };
    ref = (build) => `${set.registry}/${instance}-app/${appId}:build-${build}`;
    hostRef = (h) => ({ id: h.name, endpoint: h.dockerHost });
    // Two tiny images on the main engine (docker import of a one-file tarball), and a third tag of
    // the second, as two builds that came out identical would be.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "berth-registry-test-"));
    try {
      for (const build of [builds.one, builds.two]) {
        fs.writeFileSync(path.join(dir, "hello.txt"), `${build}\n`);
        await run("tar", ["-C", dir, "-cf", path.join(dir, "image.tar"), "hello.txt"]);
        await mainDocker(["import", "-c", `LABEL test=${unique}`, path.join(dir, "image.tar"), localTag(build)]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await mainDocker(["tag", localTag(builds.two), localTag(builds.same)]);
  });

  after(async () => {
    // Everything this file made, also when a test failed: the registry's tags and the hosts'
    // images (deleteAppImages, checked by the last test), the main engine's tags.
    if (reg) await reg.remove.deleteAppImages(appId, set.hosts.map(hostRef)).catch((err) => console.error(err));
    for (const host of set?.hosts ?? []) {
      const ids = await docker(host, ["images", "-q", `${set.registry}/${instance}-app/${appId}`]).catch(() => "");
      if (ids) await docker(host, ["rmi", "-f", ...new Set(ids.split("\n"))]).catch(() => undefined);
    }
    for (const build of Object.values(builds)) await mainDocker(["rmi", localTag(build)]).catch(() => undefined);
    // The registry API deletes manifests, never a repository: the instance's now empty repository
    // folder goes from the test registry's storage (test-hosts.sh keeps it beside hosts.env)
    if (set) fs.rmSync(path.join(path.dirname(set.file), "registry", "data", "docker", "registry", "v2", "repositories", `${instance}-app`), { recursive: true, force: true });
  });

  test("a build's image is pushed from the main engine, which does not trust the registry, and the registry lists its tag", async () => {
    const [result, ms] = await timed(() => reg.push.pushImage(localTag(builds.one)));
    figure("push of a new one-layer image (skopeo, main engine → registry)", ms);
    assert.equal(result.reference, ref(builds.one));
    assert.equal(result.skipped, false);
    assert.match(result.digest, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(await reg.api.listTags(`${instance}-app/${appId}`), [`build-${builds.one}`]);
  });

  test("a second push of the same tag and image sends nothing", async () => {
    const [result, ms] = await timed(() => reg.push.pushImage(localTag(builds.one)));
    figure("push of a tag the registry already holds (skipped)", ms);
    assert.equal(result.skipped, true);
    assert.equal(result.reference, ref(builds.one));
  });

  test("only this instance's app images are pushed: Berth's own and another instance's are refused", async () => {
    for (const image of ["berth/runner:latest", `${instance}x-app/${appId}:build-${builds.one}`, `${instance}-app/${appId}:latest`]) {
      await assert.rejects(reg.push.pushImage(image), (err: Error) => (err as { code?: string }).code === "invalid" && /not an app image/.test(err.message), image);
    }
    await assert.rejects(reg.push.pushImage(localTag("missing0")), /the build engine .* has no such image/);
  });

  test("a host that never had the image pulls it; a host that has it pulls nothing", async () => {
    const host = set.hosts[1];
    assert.equal(await hasImage(host, ref(builds.one)), false, `${host.name} must not have the image before`);
    const [first, ms] = await timed(() => reg.pull.ensureImageOn(hostRef(host), ref(builds.one)));
    figure(`ensure on ${host.name}, which never had it (pull)`, ms);
    assert.equal(first.pulled, true);
    assert.equal(await hasImage(host, ref(builds.one)), true);
    const [again, msAgain] = await timed(() => reg.pull.ensureImageOn(hostRef(host), ref(builds.one)));
    figure(`ensure on ${host.name}, which has it`, msAgain);
    assert.equal(again.pulled, false);
  });

  test("calls at once for one host and image share one pull", async () => {
    await reg.push.pushImage(localTag(builds.two));
    const host = hostRef(set.hosts[2]);
    const [a, b] = await Promise.all([reg.pull.ensureImageOn(host, ref(builds.two)), reg.pull.ensureImageOn(host, ref(builds.two))]);
    assert.equal(a.pulled, true);
    assert.equal(a, b, "both callers get the one pull's result");
  });

  test("a pull of an image the registry does not have fails at once, naming the host, the image and the reason", async () => {
    const missing = ref("nope0");
    const started = Date.now();
    await assert.rejects(reg.pull.ensureImageOn(hostRef(set.hosts[1]), missing, { timeoutMs: 20_000 }), (err: Error) => {
      assert.match(err.message, new RegExp(`pulling ${missing.replace(/[.]/g, "\\.")} onto host ${set.hosts[1].name}`));
      assert.match(err.message, /manifest unknown|not found/);
      return true;
    });
    const ms = Date.now() - started;
    figure("a pull of a missing tag fails after", ms);
    assert.ok(ms < 20_000, `failed within its bound (${ms} ms)`);
  });

  test("a pull past its time bound is cut off and says so", async () => {
    const started = Date.now();
    await assert.rejects(reg.pull.ensureImageOn(hostRef(set.hosts[0]), ref(builds.two), { timeoutMs: 1 }), /took longer than 1 ms/);
    assert.ok(Date.now() - started < 5_000);
  });

  test("a host whose engine does not answer fails with a message naming it", async () => {
    const gone = { id: "gone-host", endpoint: `unix:///run/berth-test-hosts/no-such-${unique}.sock` };
    await assert.rejects(reg.pull.ensureImageOn(gone, ref(builds.one)), /pulling .* onto host gone-host .* its engine does not answer \(ENOENT\)/);
  });

  test("images outside the registry are never pulled", async () => {
    await assert.rejects(reg.pull.ensureImageOn(hostRef(set.hosts[1]), "berth/runner:latest"), /not an image of the registry/);
    await assert.rejects(reg.pull.ensureImageOn(hostRef(set.hosts[1]), `${set.registry}/x:1;rm -rf /`), /not an image of the registry/);
  });

  test("pruning takes the tags no kept release needs out of the registry, and keeps one that shares a kept image", async () => {
    await reg.push.pushImage(localTag(builds.same));
    const repository = `${instance}-app/${appId}`;
    assert.deepEqual((await reg.api.listTags(repository)).sort(), [`build-${builds.one}`, `build-${builds.two}`, `build-${builds.same}`].sort());
    const [result, ms] = await timed(() => reg.prune.pruneRegistry(appId, [`build-${builds.two}`]));
    figure("prune the registry (3 tags, 1 deleted)", ms);
    assert.deepEqual(result.deleted, [`build-${builds.one}`]);
    // build-<same> is the same manifest as the kept build-<two>: deleting it by digest would take build-<two> too
    assert.deepEqual((await reg.api.listTags(repository)).sort(), [`build-${builds.two}`, `build-${builds.same}`].sort());
    assert.ok(await reg.api.manifestInfo(repository, `build-${builds.two}`), "the kept tag still resolves");
  });

  test("pruning a host removes the app's images no kept release needs, and keeps the kept one", async () => {
    const host = set.hosts[1];
    await reg.pull.ensureImageOn(hostRef(host), ref(builds.two));
    const [result, ms] = await timed(() => reg.prune.pruneHostImages(hostRef(host), appId, [ref(builds.two)]));
    figure(`prune ${host.name}'s images of the app`, ms);
    assert.ok(result.removed.includes(ref(builds.one)), JSON.stringify(result));
    assert.equal(await hasImage(host, ref(builds.one)), false);
    assert.equal(await hasImage(host, ref(builds.two)), true);
    // Another app's image on the same host is never touched
    const other = `${set.registry}/${instance}-app/other${unique}:v1`;
    await docker(host, ["tag", ref(builds.two), other]);
    try {
      await reg.prune.pruneHostImages(hostRef(host), appId, []);
      assert.equal(await hasImage(host, other), true);
    } finally {
      await docker(host, ["rmi", other]).catch(() => undefined);
    }
  });

  test("an image pulled by digest, as a swarm task names it, is kept by its kept tag and pruned when no kept tag names it", async () => {
    const host = set.hosts[2];
    const { digest } = await reg.push.pushImage(localTag(builds.two));
    const pinned = `${ref(builds.two)}@${digest}`;
    await docker(host, ["rmi", ref(builds.two)]).catch(() => undefined);
    assert.equal((await reg.pull.ensureImageOn(hostRef(host), pinned)).pulled, true);
    const byDigest = `${set.registry}/${instance}-app/${appId}@${digest}`;
    assert.equal(await docker(host, ["image", "inspect", "-f", "{{len .RepoTags}}", byDigest]), "0", "a digest pull names no tag");
    assert.deepEqual((await reg.prune.pruneHostImages(hostRef(host), appId, [ref(builds.two)])).removed, []);
    assert.equal(await hasImage(host, byDigest), true);
    assert.deepEqual((await reg.prune.pruneHostImages(hostRef(host), appId, [])).removed, [byDigest]);
    assert.equal(await hasImage(host, byDigest), false);
  });

  test("deleting the app leaves none of its images in the registry or on any host", async () => {
    const [result, ms] = await timed(() => reg.remove.deleteAppImages(appId, set.hosts.map(hostRef)));
    figure("delete the app's images (registry + 3 hosts)", ms);
    assert.deepEqual(result.inUse, []);
    assert.deepEqual(await reg.api.listTags(`${instance}-app/${appId}`), []);
    for (const host of set.hosts) assert.equal(await docker(host, ["images", "-q", `${set.registry}/${instance}-app/${appId}`]), "", host.name);
  });
});
