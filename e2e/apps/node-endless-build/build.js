// A build step that never finishes, like a bundler stuck in watch mode.
console.log("building for ever");
setInterval(() => {}, 1000);
