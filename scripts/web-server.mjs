// Berth's web process: the Next.js app (dashboard, API, git) behind a plain Node HTTP server, so
// that Berth knows who is calling. Next itself fills x-forwarded-for only when the client did not
// send one, so that header is the client's to choose; this server replaces
// x-berth-client-address on every request with the socket's own peer address, and lib/ reads only
// that header (lib/auth/client-address.ts). Bodies and answers pass through untouched (streams,
// uploads, git pushes, SSE), as with `next start`. Plain JS: it must start as fast as `next start`.
// Settings: BERTH_PORT (3000), BERTH_HOST (0.0.0.0).
import http from "node:http";
import path from "node:path";

export const CLIENT_ADDRESS_HEADER = "x-berth-client-address";

process.env.NODE_ENV = "production";
// What the web process and its children (git receiving a push) write is Berth's alone: git makes
// a push's temporary object folders with the umask, not core.sharedRepository. Only the web
// process: the workers' build trees are copied into images that run as another user.
process.umask(0o077);
const { default: next } = await import("next");

const dir = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.BERTH_PORT ?? 3000);
const hostname = process.env.BERTH_HOST || "0.0.0.0";

const app = next({ dev: false, dir, hostname, port });
// Listen at once and let requests wait for Next to load, as `next start` does.
const ready = app.prepare();
let handle;

const server = http.createServer(async (req, res) => {
  // Whatever the client sent under this name is dropped, never merged: only the socket tells.
  delete req.headers[CLIENT_ADDRESS_HEADER];
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  try {
    await ready;
    handle ??= app.getRequestHandler();
    await handle(req, res);
  } catch (err) {
    console.error(`web: failed to handle ${req.method} ${req.url}`, err);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  }
});

server.on("error", (err) => {
  console.error("web: the server failed to start", err);
  process.exit(1);
});
server.listen(port, hostname, () => console.log(`web: listening on http://${hostname}:${port}`));
ready.catch((err) => {
  console.error("web: Next.js failed to load", err);
  process.exit(1);
});

// TERM (the supervisor in scripts/run-berth.sh): stop accepting, let requests finish, then exit;
// the supervisor kills what is left after 10 s (an SSE tail does not end by itself).
let stopping = false;
const stop = (code) => () => {
  if (stopping) return;
  stopping = true;
  server.close(() => {
    app.close().finally(() => process.exit(code));
  });
  server.closeIdleConnections();
};
process.on("SIGTERM", stop(143));
process.on("SIGINT", stop(130));
