// Serves what it runs on: the Node.js version, the npm that started it and a dependency.
var http = require("http");
var ms = require("ms");
var npm = (process.env.npm_config_user_agent || "no npm").split(" ")[0];
http.createServer(function (req, res) {
  res.end("one minute is " + ms("1m") + " ms on node " + process.version + ", started by " + npm + "\n");
}).listen(process.env.PORT || 5000);
