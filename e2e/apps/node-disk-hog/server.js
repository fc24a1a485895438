const http = require("node:http");

const server = http.createServer((req, res) => {
  res.setHeader("content-type", "text/plain");
  res.end(`hello from node ${process.version}\n`);
});
server.listen(Number(process.env.PORT), "0.0.0.0");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
