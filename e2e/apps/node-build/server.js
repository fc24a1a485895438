const fs = require("node:fs");
const express = require("express");

let devDependencies = "present";
try {
  require.resolve("marked");
} catch {
  devDependencies = "pruned";
}
const page = fs.readFileSync("dist/index.html", "utf8");
const app = express();
app.get("/", (req, res) => {
  res.type("text/plain").send(`${page}express ${require("express/package.json").version}, devDependencies ${devDependencies}, node ${process.version}\n`);
});
const server = app.listen(Number(process.env.PORT), "0.0.0.0");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
