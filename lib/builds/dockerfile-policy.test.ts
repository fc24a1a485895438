import assert from "node:assert/strict";
import { test } from "node:test";
import { dockerfileProblem, expand, normalizeReference, parseInstructions } from "./dockerfile-policy.ts";

const policy = { repositories: ["berth/stack", "berth/builder", "berth/runner", "berth-app/own1"], allowed: ["debian:bookworm", "node:*", "registry.example.com:5000/team/base"] };
const ok = (text: string) => assert.equal(dockerfileProblem(text, policy), null, text);
const refused = (text: string, pattern: RegExp) => assert.match(dockerfileProblem(text, policy) ?? "(allowed)", pattern, text);

test("stack images, the app's own images, scratch, earlier stages and the allow-list are allowed", () => {
  ok("FROM berth/runner:latest\nCOPY . /app\n");
  ok("FROM berth/stack\n");
  ok("FROM docker.io/berth/builder:abc123 AS build\nRUN make\nFROM berth/runner\nCOPY --from=build /out /app\n");
  ok("FROM berth-app/own1:v3\n");
  ok("FROM scratch\n");
  ok("FROM --platform=linux/amd64 debian:bookworm\n");
  ok("FROM docker.io/library/debian:bookworm\n");
  ok("FROM node:20-slim\nFROM node\n");
  ok("FROM registry.example.com:5000/team/base:1.2\n");
  ok("FROM berth/runner AS one\nFROM berth/runner\nCOPY --from=0 /a /b\n");
  ok("ARG BASE=berth/runner:latest\nFROM $BASE\n");
  ok("ARG BASE\nFROM ${BASE:-berth/runner}\n");
});

test("another app's image, an image id, or an unlisted image is refused, naming the rule", () => {
  refused("FROM berth-app/victim:v1\n", /line 1: FROM berth-app\/victim:v1 uses berth-app\/victim:v1, which this app may not build from.*stack images.*own images/);
  refused("FROM berth/runner\nCOPY --from=berth-app/victim:v1 /app /stolen\n", /line 2: COPY --from=berth-app\/victim:v1/);
  refused("FROM berth/runner\nADD --chown=1000 --from=berth-app/victim:v1 /app /x\n", /line 2/);
  refused("FROM 4f3b2a1c\n", /4f3b2a1c/);
  refused("FROM sha256:" + "a".repeat(64) + "\n", /may not build from/);
  refused("FROM debian:trixie\n", /debian:trixie/);
  refused("FROM node@sha256:" + "b".repeat(64) + "\nFROM debian:bookworm@sha256:" + "b".repeat(64) + "\n", /line 2/);
  refused("ARG V=victim\nFROM berth-app/${V}:v1\n", /berth-app\/victim:v1/);
  refused("FROM berth/runner AS b\nCOPY --from=5 /a /b\n", /--from=5/);
  // A stage is only what came before: a later stage's name is an image to the engine.
  refused("FROM berth/runner\nCOPY --from=later /a /b\nFROM berth/runner AS later\n", /--from=later/);
  refused("FROM $UNSET\n", /an empty image name/);
  refused("", /no FROM/);
});

test("ADD of a URL is refused, in every spelling, and in ONBUILD triggers", () => {
  refused("FROM berth/runner\nADD http://127.0.0.1:3000/api/v1/apps /x\n", /line 2: ADD http:\/\/127\.0\.0\.1:3000\/api\/v1\/apps is not allowed.*RUN step/);
  refused('FROM berth/runner\nADD ["https://example.com/a.tgz", "/a"]\n', /ADD https:\/\/example\.com/);
  refused("FROM berth/runner\nadd --chown=app HTTP://169.254.169.254/latest /m\n", /not allowed/);
  refused("FROM berth/runner\nARG U=http://127.0.0.1:6379\nADD $U /x\n", /not allowed/);
  refused("FROM berth/runner\nONBUILD ADD http://127.0.0.1/ /x\n", /not allowed/);
  refused("FROM berth/runner AS s\nONBUILD COPY --from=s /a /b\n", /--from=s/);
  refused("FROM berth/runner\nONBUILD FROM berth-app/victim\n", /ONBUILD FROM/);
  ok("FROM berth/runner\nADD app.tar.gz /app/\nCOPY http.conf /etc/\n");
});

test("continuations, comments and the escape directive are read as Docker reads them", () => {
  refused("FROM berth/runner\nCOPY \\\n  # a comment inside\n  --from=berth-app/victim:v1 \\\n  /app /x\n", /line 2: COPY --from=berth-app\/victim:v1/);
  refused("# escape=`\nFROM berth/runner\nADD `\n http://127.0.0.1/ /x\n", /not allowed/);
  assert.deepEqual(parseInstructions("from  a \\\n  as b\n\nRUN x").map((i) => [i.keyword, i.args.replace(/\s+/g, " ").trim(), i.line]), [["FROM", "a as b", 1], ["RUN", "x", 4]]);
});

test("references normalise as the engine's do", () => {
  assert.deepEqual(normalizeReference("docker.io/library/node"), { repository: "node", tag: "latest", digest: undefined });
  assert.deepEqual(normalizeReference("localhost:5000/a/b:c"), { repository: "localhost:5000/a/b", tag: "c", digest: undefined });
  assert.equal(normalizeReference("UPPER"), null);
  assert.equal(normalizeReference("abcdef0123"), null);
  assert.equal(expand("${A:+x}${B:-y}$A", new Map([["A", "1"]])), "xy1");
});
