import assert from "node:assert/strict";
import { test } from "node:test";
import { describeProblems, parseDotenv } from "./dotenv.ts";

test("a pasted .env names each bad line by number and keeps the good ones", () => {
  const parsed = parseDotenv("# comment\nGOOD=1\n1BAD=x\nnot a pair\nexport ALSO_GOOD=\"two words\"\nPORT=80\n");
  assert.deepEqual({ ...parsed.values }, { GOOD: "1", ALSO_GOOD: "two words" });
  assert.deepEqual({ ...parsed.lineOf }, { GOOD: 2, ALSO_GOOD: 5 });
  assert.deepEqual(parsed.bad.map((b) => b.line), [3, 4, 6]);
  assert.equal(parsed.bad[0]!.message, "1BAD: config var names are letters, digits and _, not starting with a digit");
  assert.equal(parsed.bad[1]!.message, '"not a pair" is not KEY=value');
  assert.equal(parsed.bad[2]!.message, "PORT: PORT and DYNO are set by Berth");
  assert.match(describeProblems(parsed.bad, 2), /^line 3: 1BAD: .*; line 4: .*; and 1 more line$/);
});

test("a value past the API's limit is refused on its line", () => {
  const parsed = parseDotenv(`BIG=${"x".repeat(32 * 1024 + 1)}\nOK=1`);
  assert.deepEqual({ ...parsed.values }, { OK: "1" });
  assert.deepEqual(parsed.bad, [{ line: 1, message: "BIG: config var values are at most 32 KiB" }]);
});

test("__proto__ is a name like any other, kept and sent", () => {
  const parsed = parseDotenv("__proto__=x\nconstructor=y");
  assert.equal(JSON.stringify(parsed.values), '{"__proto__":"x","constructor":"y"}');
  assert.deepEqual(Object.keys(parsed.lineOf), ["__proto__", "constructor"]);
});
