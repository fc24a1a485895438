// Prints the newest version that fits a Node.js version, from `npm view PKG@RANGE version
// engines.node --json` on stdin: `node newest-fitting.cjs NODE_VERSION`. Versions that declare no
// engines.node and prereleases are skipped; prints nothing when none fits. Also
// `node newest-fitting.cjs --accepts NODE_VERSION RANGE`: exits 0 when RANGE accepts the version.
// Runs on the builder's own Node.js (Debian's, with Debian's semver), never the app's.
"use strict";
const semver = require("semver");

if (process.argv[2] === "--accepts") {
  process.exit(semver.satisfies(process.argv[3], process.argv[4] || "*") ? 0 : 1);
}
const node = process.argv[2];
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const parsed = JSON.parse(input || "[]");
  // one match comes as an object, several as an array
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const fitting = entries
    .filter((e) => e && typeof e.version === "string" && semver.valid(e.version) && !semver.prerelease(e.version))
    .filter((e) => typeof e["engines.node"] === "string" && semver.satisfies(node, e["engines.node"]))
    .map((e) => e.version)
    .sort(semver.rcompare);
  if (fitting.length) console.log(fitting[0]);
});
