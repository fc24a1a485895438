// Serves the build steps that ran (steps.txt), the Procfile argument it was started with, and
// the Node.js it runs on.
"use strict";
const http = require("http");
const fs = require("fs");
const ms = require("ms");

http
  .createServer((req, res) => {
    res.end(`${fs.readFileSync("steps.txt", "utf8")}started with ${process.argv[2]} on node ${process.version}; one minute is ${ms("1m")} ms\n`);
  })
  .listen(process.env.PORT || 5000);
