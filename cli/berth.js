#!/usr/bin/env node
// The `berth` command: loads the TypeScript CLI through tsx, resolved from this file's own
// package, so it runs the same from `npx berth` in the repo and from anywhere after `npm link`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
