import assert from "node:assert/strict";
import { test } from "node:test";
import { ChecksFileError, describeChecks, parseChecksFile } from "./checks-file.ts";

test("a CHECKS file in Dokku's format: settings, comments, paths with expected content", () => {
  const text = ["# checks for the web process", "WAIT=2     # give it a moment", "TIMEOUT=10", "ATTEMPTS=3", "", "/healthz  ok", "/about   Our  Amazing Team", "/static/logo.png"].join("\n");
  assert.deepEqual(parseChecksFile(text), {
    waitSeconds: 2,
    requestTimeoutSeconds: 10,
    attempts: 3,
    checks: [{ path: "/healthz", content: "ok" }, { path: "/about", content: "Our  Amazing Team" }, { path: "/static/logo.png" }],
  });
});

test("relative URLs name the host to ask for, and a scheme the app is told about", () => {
  const file = parseChecksFile("//Admin.Example.com/login Sign in\r\nhttps://shop.example.com\n//static.example.com/logo.png\n")!;
  assert.deepEqual(file.checks, [
    { path: "/login", host: "admin.example.com", content: "Sign in" },
    { path: "/", host: "shop.example.com", proto: "https" },
    { path: "/logo.png", host: "static.example.com" },
  ]);
  assert.equal(describeChecks(file), `//admin.example.com/login "Sign in", https://shop.example.com/, //static.example.com/logo.png`);
});

test("a CHECKS file with no check (only comments or settings) asks for nothing", () => {
  assert.equal(parseChecksFile(""), null);
  assert.equal(parseChecksFile("# nothing yet\n\nWAIT=5\n"), null);
});

test("a malformed CHECKS file is refused, naming the line and the rule", () => {
  const refused = (text: string) => {
    try {
      parseChecksFile(text);
      return "accepted";
    } catch (err) {
      assert.ok(err instanceof ChecksFileError);
      return (err as Error).message;
    }
  };
  assert.equal(refused("/ok\nWAIT=soon"), "CHECKS line 2: WAIT is a whole number of seconds, 0 to 300");
  assert.equal(refused("TIMEOUT=0"), "CHECKS line 1: TIMEOUT is a whole number of seconds, 1 to 300");
  assert.equal(refused("ATTEMPTS=1000"), "CHECKS line 1: ATTEMPTS is a whole number of attempts, 1 to 100");
  assert.equal(refused("RETRIES=3"), "CHECKS line 1: unknown setting RETRIES (CHECKS knows WAIT, TIMEOUT, ATTEMPTS)");
  assert.match(refused("\n\nhealthz ok"), /^CHECKS line 3: a check is a path \(\/health\), \/\/host\/path or http\(s\):\/\/host\/path/);
  assert.match(refused("ftp://example.com/x"), /^CHECKS line 1: a check is a path/);
  assert.match(refused("//bad_host!/x"), /^CHECKS line 1: "bad_host!" is not a host name/);
  assert.match(refused(Array.from({ length: 21 }, (_, i) => `/p${i}`).join("\n")), /^CHECKS line 21: at most 20 checks/);
});
