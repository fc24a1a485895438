const http = require("node:http");
const ms = require("ms");

let devDependencies = "present";
try {
  require.resolve("is-number");
} catch {
  devDependencies = "pruned";
}
const server = http.createServer((req, res) => {
  res.setHeader("content-type", "text/plain");
  res.end(`one minute is ${ms("1m")} ms, installed by yarn, devDependencies ${devDependencies}, node ${process.version}\n`);
});
server.listen(Number(process.env.PORT), "0.0.0.0");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
