// A build step that writes far more than any build needs (BERTH_DISK_HOG_MB, 1500 by default), then waits.
const fs = require("node:fs");
const mb = Number(process.env.BERTH_DISK_HOG_MB || 1500);
const chunk = Buffer.alloc(16 * 1024 * 1024);
const fd = fs.openSync("/tmp/hog.bin", "w");
for (let written = 0; written < mb; written += 16) fs.writeSync(fd, chunk);
fs.closeSync(fd);
console.log(`wrote ${mb} MB`);
setInterval(() => {}, 1000);
