// A Node.js server with a Procfile and no package.json: berth/runner has no node, so the build
// must fail saying how Berth installs it, not release a process that exits 127.
require("node:http").createServer((req, res) => res.end("hello from node\n")).listen(process.env.PORT);
