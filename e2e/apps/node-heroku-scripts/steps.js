// One build step of package.json's scripts: appends what it saw to steps.txt. heroku-postbuild
// uses a devDependency and writes the Procfile the app runs with.
"use strict";
const fs = require("fs");

const step = process.argv[2];
const has = (name) => {
  try {
    require.resolve(name);
    return "present";
  } catch (e) {
    return "absent";
  }
};
const npm = (process.env.npm_config_user_agent || "").split(" ")[0];
fs.appendFileSync("steps.txt", `${step} (${npm}): ms ${has("ms")}, is-number ${has("is-number")}\n`);
if (step === "heroku-postbuild") {
  fs.writeFileSync("Procfile", `web: node server.js the-procfile-heroku-postbuild-wrote\n`);
}
