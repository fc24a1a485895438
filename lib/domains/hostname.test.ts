import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHostname } from "./hostname.ts";
import { addDomainInput } from "./schemas.ts";

test("hostnames are stored lower-case, without a trailing dot, internationalised ones as punycode", () => {
  assert.deepEqual(parseHostname("WWW.Example.COM"), { hostname: "www.example.com" });
  assert.deepEqual(parseHostname("www.example.com."), { hostname: "www.example.com" });
  assert.deepEqual(parseHostname("Bücher.example"), { hostname: "xn--bcher-kva.example" });
  assert.deepEqual(parseHostname("a-1.b2.example.io"), { hostname: "a-1.b2.example.io" });
  assert.deepEqual(parseHostname(`${"a".repeat(63)}.example.com`), { hostname: `${"a".repeat(63)}.example.com` });
});

test("what is not a DNS hostname is refused with the reason", () => {
  const problem = (h: string) => {
    const r = parseHostname(h);
    return "problem" in r ? r.problem : `accepted as ${r.hostname}`;
  };
  assert.match(problem("localhost"), /fully-qualified/);
  assert.match(problem("*.example.com"), /wildcard/);
  assert.match(problem("-a.example.com"), /"-a" is not a DNS label/);
  assert.match(problem("a-.example.com"), /"a-" is not a DNS label/);
  assert.match(problem("a..example.com"), /"" is not a DNS label/);
  assert.match(problem("exa_mple.com"), /not a DNS label/);
  assert.match(problem("a b.com"), /not a DNS label/);
  assert.match(problem("a.com\n    use_backend x"), /not a DNS label/);
  assert.match(problem("a.com:8080"), /not a DNS label/);
  assert.match(problem(`${"a".repeat(64)}.example.com`), /not a DNS label/);
  assert.match(problem(`${"abcdefghi.".repeat(26)}com`), /1 to 253/);
  assert.match(problem("10.0.0.1"), /IP address/);
  assert.match(problem(""), /1 to 253/);
});

test("the API schema reports an invalid hostname with the value and the reason", () => {
  const result = addDomainInput.safeParse({ hostname: "bad_host.example.com" });
  assert.equal(result.success, false);
  assert.match(result.error!.issues[0]!.message, /^"bad_host.example.com" is not a valid hostname: /);
  assert.equal(addDomainInput.safeParse({ hostname: "ok.example.com", extra: 1 }).success, false);
  assert.deepEqual(addDomainInput.parse({ hostname: "OK.Example.com" }), { hostname: "ok.example.com" });
});
