// Git smart HTTP, served by `git http-backend` (CGI) over the app's bare repository. The push's
// request body streams into git; git's answer (including the hook's build output) streams back.
import { spawn, type ChildProcess } from "node:child_process";
import { Readable, Transform } from "node:stream";
import type { Actor } from "../auth/users.ts";
import { findApp } from "../apps/apps.ts";
import { settings } from "../env.ts";
import { invalid, notFound, tooLarge } from "../errors.ts";
import { ensureRepo, reposRoot } from "./repos.ts";

const GIT_PATH = /^\/([a-z][a-z0-9-]{1,29})\.git\/(info\/refs|git-receive-pack|git-upload-pack)$/;

export interface GitRequest {
  method: string;
  pathInfo: string;
  query: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  actor: Actor;
  token: string;
}

export async function serveGit(req: GitRequest): Promise<Response> {
  const match = GIT_PATH.exec(req.pathInfo);
  if (!match) throw notFound(`no git repository at ${req.pathInfo.slice(0, 80)}`);
  const [, appName, endpoint] = match as unknown as [string, string, string];
  const service = new URLSearchParams(req.query).get("service");
  if (endpoint === "info/refs" && service !== "git-receive-pack" && service !== "git-upload-pack") {
    throw invalid("only smart HTTP is served: use a git client that sends ?service=");
  }
  await findApp(req.actor, appName);
  // A push is bounded like an upload: refused by its declared length at once, and counted as it
  // streams (below); git itself refuses a pack past the same size (receive.maxInputSize), which
  // also covers a gzip-encoded body that http-backend inflates.
  const limit = settings.maxPushBytes;
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(`the push is larger than the limit of ${Math.round(limit / 1024 / 1024)} MiB (BERTH_MAX_PUSH_MB)`);
  await ensureRepo(appName);

  const child = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/root",
      GIT_PROJECT_ROOT: reposRoot(),
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: req.pathInfo,
      REQUEST_METHOD: req.method,
      QUERY_STRING: req.query,
      CONTENT_TYPE: req.headers.get("content-type") ?? "",
      HTTP_CONTENT_ENCODING: req.headers.get("content-encoding") ?? "",
      HTTP_GIT_PROTOCOL: req.headers.get("git-protocol") ?? "",
      REMOTE_USER: req.actor.username,
      REMOTE_ADDR: "127.0.0.1",
      // For the pre-receive hook: it calls the build API as the pusher.
      BERTH_API: `http://127.0.0.1:${settings.port}`,
      BERTH_TOKEN: req.token,
      BERTH_APP: appName,
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "receive.maxInputSize",
      GIT_CONFIG_VALUE_0: String(limit),
    } as unknown as NodeJS.ProcessEnv,
    stdio: ["pipe", "pipe", "inherit"],
  });
  if (req.body) Readable.fromWeb(req.body as import("node:stream/web").ReadableStream).pipe(boundedBy(limit, child)).pipe(child.stdin);
  else child.stdin.end();
  child.stdin.on("error", () => undefined); // git may stop reading early; its answer tells why

  const { status, headers, rest } = await readCgiHead(child.stdout);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (rest.length) controller.enqueue(rest);
      child.stdout.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      child.stdout.on("end", () => controller.close());
      child.on("error", (err) => controller.error(err));
      child.stdout.resume();
    },
    cancel() {
      child.kill("SIGTERM");
    },
  });
  return new Response(body, { status, headers });
}

/** Passes a push body through, and stops git at the first byte past `limit` (a body with no length). */
function boundedBy(limit: number, child: ChildProcess): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size <= limit) return done(null, chunk);
      child.kill("SIGTERM");
      done();
    },
  });
}

/** Reads the CGI header block (up to the blank line); the stream is left paused after it. */
function readCgiHead(stdout: Readable): Promise<{ status: number; headers: Headers; rest: Uint8Array }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf("\r\n\r\n");
      if (end === -1) return;
      stdout.pause();
      stdout.off("data", onData);
      stdout.off("end", onEnd);
      const headers = new Headers();
      let status = 200;
      for (const line of buf.subarray(0, end).toString("latin1").split("\r\n")) {
        const colon = line.indexOf(":");
        if (colon === -1) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 200;
        else headers.append(name, value);
      }
      resolve({ status, headers, rest: new Uint8Array(buf.subarray(end + 4)) });
    };
    const onEnd = () => reject(new Error("git http-backend ended without an answer"));
    stdout.on("data", onData);
    stdout.on("end", onEnd);
  });
}
