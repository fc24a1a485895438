import assert from "node:assert/strict";
import { test } from "node:test";
import { mergeActivity } from "./app-activity.ts";

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();

test("releases, builds and platform events merge newest first, without events that repeat a release", () => {
  const items = mergeActivity("demo", {
    releases: [{ version: 2, summary: "admin set GREETING", status: "succeeded", createdAt: new Date(at(10)) }],
    builds: [{ id: "b1234567890", createdBy: "admin", status: "succeeded", createdAt: at(1) }],
    events: [
      { id: "1-0", time: at(11).replace("Z", "000Z"), process: "api", text: "Deploying v2: admin set GREETING" },
      { id: "2-0", time: at(12), process: "api", text: "Release v2 is live" },
      { id: "3-0", time: at(20), process: "api", text: "admin scaled crasher to 1:standard" },
      { id: "4-0", time: at(22), process: "crasher.1", text: "crasher.1 crashed (exit code 3); restarting now" },
    ],
  });
  assert.deepEqual(
    items.map((i) => [i.text, i.status]),
    [
      ["crasher.1 crashed (exit code 3); restarting now", null],
      ["admin scaled crasher to 1:standard", null],
      ["v2 · admin set GREETING", "succeeded"],
      ["Build b1234567 by admin", "succeeded"],
    ],
  );
  assert.equal(items[3]!.href, "/apps/demo/builds/b1234567890");
});

test("the feed is cut to its limit", () => {
  const events = Array.from({ length: 30 }, (_, i) => ({ id: `${i}-0`, time: at(i), process: "api", text: `admin restarted web ${i}` }));
  const items = mergeActivity("demo", { releases: [], builds: [], events }, 10);
  assert.equal(items.length, 10);
  assert.equal(items[0]!.text, "admin restarted web 29");
});
