// Installed by Yarn 3 into node_modules; started by `yarn node`, from the yarn the build used.
const http = require("node:http");
const fs = require("node:fs");
const ms = require("ms");

const modules = fs.existsSync("node_modules/ms") ? "node_modules" : "no node_modules";
http
  .createServer((req, res) => res.end(`one minute is ${ms("1m")} ms from ${modules}, started by ${process.env.npm_config_user_agent?.split(" ")[0]}\n`))
  .listen(process.env.PORT || 5000);
