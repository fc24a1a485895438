import assert from "node:assert/strict";
import { test } from "node:test";
import { appRepository, imageInRegistry, parseAppImageTag, parseRegistryReference, registryHost, registryReference, tagOf } from "./registry-reference.ts";

const naming = { registry: "10.77.0.1:5000", instance: "bt17" };
const APP = "cmiabc123def456ghi789jkl0";

test("a build's local tag maps to the same repository and tag under the registry", () => {
  assert.equal(registryReference(`bt17-app/${APP}:build-cmibuild0000001`, naming), `10.77.0.1:5000/bt17-app/${APP}:build-cmibuild0000001`);
  assert.equal(registryReference(`bt17-app/${APP}:v12`, naming), `10.77.0.1:5000/bt17-app/${APP}:v12`);
  assert.equal(registryReference(`bt17-app/${APP}:v1`, { registry: "registry.example.com", instance: "bt17" }), `registry.example.com/bt17-app/${APP}:v1`);
  assert.equal(appRepository(APP, naming), `bt17-app/${APP}`);
});

test("and back: a registry reference splits into repository, app id and tag", () => {
  assert.deepEqual(parseRegistryReference(`10.77.0.1:5000/bt17-app/${APP}:build-x1`, naming), { repository: `bt17-app/${APP}`, appId: APP, tag: "build-x1" });
});

test("anything that is not an app image of this instance is refused, naming the rule", () => {
  const refused = [
    ["berth/runner:latest", /must start with bt17-app\//],
    ["berth/stack:bookworm", /must start with bt17-app\//],
    [`bt1-app/${APP}:v1`, /must start with bt17-app\//], // another instance whose name is a prefix
    [`bt17-apps/${APP}:v1`, /must start with bt17-app\//],
    [`other/bt17-app/${APP}:v1`, /must start with/],
    [`bt17-app/${APP}`, /names no tag/],
    [`bt17-app/${APP}:latest`, /build-<id> or v<N>/],
    [`bt17-app/${APP}:v0`, /build-<id> or v<N>/],
    [`bt17-app/${APP}:build-`, /build-<id> or v<N>/],
    [`bt17-app/${APP}:build-x@sha256:abc`, /build-<id> or v<N>/],
    [`bt17-app/${APP}/x:v1`, /app id/],
    [`bt17-app/../x:v1`, /app id/],
    [`bt17-app/UPPER:v1`, /app id/],
    [`bt17-app/:v1`, /app id/],
    [`bt17-app/${APP}:v1 --dest-creds=a:b`, /build-<id> or v<N>/],
    [`--src-daemon-host=x bt17-app/${APP}:v1`, /must start with/],
  ] as const;
  for (const [tag, rule] of refused) {
    assert.throws(() => registryReference(tag, naming), (err: Error) => (err as { code?: string }).code === "invalid" && rule.test(err.message), tag);
  }
});

test("a registry reference outside the configured registry is refused", () => {
  assert.throws(() => parseRegistryReference(`10.77.0.2:5000/bt17-app/${APP}:v1`, naming), /not in the registry 10\.77\.0\.1:5000/);
  assert.throws(() => parseRegistryReference(`10.77.0.1:5000bt17-app/${APP}:v1`, naming), /not in the registry/);
  assert.throws(() => parseRegistryReference(`bt17-app/${APP}:v1`, naming), /not in the registry/);
});

test("no registry configured, or one that is not host[:port], is refused with the setting's name", () => {
  assert.throws(() => registryReference(`bt17-app/${APP}:v1`, { registry: "", instance: "bt17" }), (err: Error) => (err as { code?: string }).code === "unavailable" && /BERTH_REGISTRY/.test(err.message));
  for (const bad of ["http://10.77.0.1:5000", "10.77.0.1:5000/path", "Registry.Example.com", "a b", "-x:5000", "host:"]) {
    assert.throws(() => registryHost({ registry: bad, instance: "bt17" }), /BERTH_REGISTRY .* is not host or host:port/, bad);
  }
});

test("tagOf takes the tag of a tag, a local name or a registry reference (not a port)", () => {
  assert.equal(tagOf("build-abc"), "build-abc");
  assert.equal(tagOf(`bt17-app/${APP}:build-abc`), "build-abc");
  assert.equal(tagOf(`10.77.0.1:5000/bt17-app/${APP}:v3`), "v3");
  assert.equal(tagOf(`10.77.0.1:5000/bt17-app/${APP}`), `10.77.0.1:5000/bt17-app/${APP}`);
});

test("the local tag is parsed once, as Berth names it", () => {
  assert.deepEqual(parseAppImageTag(`bt17-app/${APP}:v3`, naming), { repository: `bt17-app/${APP}`, appId: APP, tag: "v3" });
});

test("Berth's own images by their recipe's tag map under <registry>/berth/; their :latest and other names do not", () => {
  assert.deepEqual(imageInRegistry("berth/addon-redis:f7294ff5cc4a", naming), { reference: "10.77.0.1:5000/berth/addon-redis:f7294ff5cc4a", repository: "berth/addon-redis", tag: "f7294ff5cc4a" });
  assert.equal(imageInRegistry(`bt17-app/${APP}:v3`, naming).reference, `10.77.0.1:5000/bt17-app/${APP}:v3`);
  for (const image of ["berth/addon-redis:latest", "berth/../x:1", "berthx/addon:1", "berth/Addon:1", "berth/addon:-rm"]) assert.throws(() => imageInRegistry(image, naming), /is not an app image/, image);
});
