// Started by `pnpm run serve` from the Procfile: pnpm is the one the build installed with.
const http = require("node:http");
const ms = require("ms");

http
  .createServer((req, res) => res.end(`one minute is ${ms("1m")} ms, started by ${process.env.npm_config_user_agent?.split(" ")[0]}\n`))
  .listen(process.env.PORT || 5000);
