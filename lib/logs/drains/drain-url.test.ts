import assert from "node:assert/strict";
import { test } from "node:test";
import { drainInput, maskDrainUrl } from "./drain-url.ts";

test("drain URLs: https or syslog+tls with a port; anything else is refused with a reason", () => {
  assert.equal(drainInput.parse({ url: " https://logs.example.com/in?t=1 " }).url, "https://logs.example.com/in?t=1");
  assert.equal(drainInput.parse({ url: "syslog+tls://logs.example.com:6514" }).url, "syslog+tls://logs.example.com:6514");
  for (const [url, reason] of [
    ["http://logs.example.com/", /starts with https:\/\/ or syslog\+tls:\/\//],
    ["syslog://logs.example.com:514", /not syslog:/],
    ["syslog+tls://logs.example.com", /needs a port/],
    ["syslog+tls://logs.example.com:6514/path", /no path/],
    ["https://logs.example.com/#x", /fragment/],
    ["logs.example.com", /must be a URL/],
    [`https://example.com/${"a".repeat(3000)}`, /too long/],
  ] as const) {
    const parsed = drainInput.safeParse({ url });
    assert.equal(parsed.success, false, url);
    assert.match(parsed.error!.issues[0]!.message, reason, url);
  }
  assert.equal(drainInput.safeParse({ url: "https://x.example.com", extra: 1 }).success, false);
});

test("the shown URL hides passwords and query values", () => {
  assert.equal(maskDrainUrl("https://user:secret@logs.example.com/in?token=abc&x=1"), "https://user:***@logs.example.com/in?token=***&x=***");
  assert.equal(maskDrainUrl("syslog+tls://logs.example.com:6514"), "syslog+tls://logs.example.com:6514");
});
