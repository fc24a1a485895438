// Runs in the Node.js buildpack's build step; the Python app serves what it writes.
const fs = require("node:fs");
const ms = require("ms");

fs.writeFileSync("page.txt", `built by node ${process.version}: one minute is ${ms("1m")} ms`);
