// The build step: renders README.md with a devDependency, which the slug must not keep.
const fs = require("node:fs");
const { marked } = require("marked");

fs.mkdirSync("dist", { recursive: true });
fs.writeFileSync("dist/index.html", marked.parse(fs.readFileSync("README.md", "utf8")));
