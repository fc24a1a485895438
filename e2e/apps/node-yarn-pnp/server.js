// Loads its dependency through Yarn's Plug'n'Play map (there is no node_modules) and says so.
const http = require("node:http");
const fs = require("node:fs");
const ms = require("ms");

const pnp = process.versions.pnp ? "Plug'n'Play" : "no Plug'n'Play";
let dev = true;
try {
  require.resolve("is-number");
} catch {
  dev = false;
}
const modules = fs.existsSync("node_modules") ? "node_modules" : "no node_modules";
http
  .createServer((req, res) => res.end(`one minute is ${ms("1m")} ms through ${pnp} (${modules}), started by ${process.env.npm_config_user_agent?.split(" ")[0]}, devDependencies present: ${dev}\n`))
  .listen(process.env.PORT || 5000);
