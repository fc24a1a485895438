import assert from "node:assert/strict";
import { test } from "node:test";
import { parseProcfile, parseReleaseYaml } from "./procfile.ts";

test("parses process types, skipping blanks and comments", () => {
  const text = "# comment\nweb: node server.js --port $PORT\n\nworker:   node worker.js\r\nrelease: npm run migrate\n";
  assert.deepEqual(parseProcfile(text), {
    web: "node server.js --port $PORT",
    worker: "node worker.js",
    release: "npm run migrate",
  });
});

test("keeps colons and shell characters inside commands verbatim", () => {
  assert.deepEqual(parseProcfile("web: bash -c 'echo a:b; exec x' && $(y)"), { web: "bash -c 'echo a:b; exec x' && $(y)" });
});

test("refuses lines without a command or with a bad type name", () => {
  assert.throws(() => parseProcfile("just some text"), /not "type: command"/);
  assert.throws(() => parseProcfile("web:"), /no command/);
  assert.throws(() => parseProcfile("we$b: x"), /not a process type name/);
});

test("reads default_process_types from bin/release output", () => {
  const yaml = "---\naddons: []\ndefault_process_types:\n  web: npm start\n  worker: \"node w.js\"\nconfig_vars:\n  X: y\n";
  assert.deepEqual(parseReleaseYaml(yaml), { web: "npm start", worker: "node w.js" });
  assert.deepEqual(parseReleaseYaml("--- {}\n"), {});
});
