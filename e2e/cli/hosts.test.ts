// berth hosts, hosts:join-command, hosts:drain and hosts:remove against the test instance (local
// scheduler): the table shows the one host; what the local scheduler cannot do fails with exit 1
// and Berth's reason on one line; bad usage exits 2 without asking Berth; a non-admin is refused.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { BASE, newUser, token } from "../support/berth.ts";
import { assertFails, berth } from "../support/cli.ts";

describe("berth hosts", () => {
  let env: Record<string, string>;
  before(async () => {
    env = { BERTH_URL: BASE, BERTH_TOKEN: await token() };
  });

  test("berth hosts prints a table with the local host; --json the API's list", async () => {
    const r = await berth(["hosts"], { env });
    assert.equal(r.code, 0, r.stderr);
    const [header, row, ...rest] = r.stdout.trimEnd().split("\n");
    assert.match(header!, /^NAME\s+STATE\s+ROLE\s+ADDRESS\s+CPUS\s+MEMORY \(GB\)\s+CONTAINERS\s+LABELS$/);
    assert.match(row!, /^local\s+ready\s+local\s+\d+(\.\d+)? of \d+\s+\d+\.\d of \d+\.\d\s+\d+$/);
    assert.deepEqual(rest, []);
    const json = await berth(["hosts", "--json"], { env });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(JSON.parse(json.stdout)[0].name, "local");
  });

  test("hosts:join-command, hosts:drain and hosts:remove fail with Berth's reason", async () => {
    assertFails(await berth(["hosts:join-command"], { env }), 1, /local scheduler.*BERTH_SCHEDULER=swarm/);
    assertFails(await berth(["hosts:drain", "local"], { env }), 1, /local is the last ready host/);
    assertFails(await berth(["hosts:remove", "local"], { env }), 1, /cannot be removed/);
    assertFails(await berth(["hosts:drain", "nowhere"], { env }), 1, /no host named "nowhere"/);
    const undo = await berth(["hosts:drain", "local", "--undo"], { env });
    assert.equal(undo.code, 0, undo.stderr);
    assert.match(undo.stderr, /local is ready: Berth places containers on it again/);
  });

  test("bad usage exits 2; a non-admin is refused", async () => {
    assertFails(await berth(["hosts:drain"], { env }), 2, /needs NAME/);
    assertFails(await berth(["hosts", "extra"], { env }), 2, /takes no arguments/);
    const bob = await newUser("hostscli");
    assertFails(await berth(["hosts"], { env: { BERTH_URL: BASE, BERTH_TOKEN: bob.headers.authorization!.replace(/^Bearer /, "") } }), 1, /only an admin/);
  });
});
