// Plain JavaScript, not next.config.ts: Next compiles a TypeScript config with its native SWC
// binding at every start of the web process, which then stays mapped (~24 MB of RSS) although
// nothing else at run time uses it. The type comes from JSDoc.

/** @type {import("next").NextConfig} */
const config = {
  // Tests and benchmarks build and serve their own copy (scripts/test.sh), never the one a running Berth serves.
  distDir: process.env.BERTH_NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "dockerode", "ssh2", "cpu-features", "bullmq", "ioredis", "tar"],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
  experimental: {
    // Load a route's code when it is first asked for, not every page and route handler at start:
    // most of the dashboard is rarely open, and an idle Berth should not hold all of it.
    preloadEntriesOnStart: false,
  },
  // No page of Berth's may be framed by another site (clickjacking): old browsers read the first, new ones the second.
  headers: async () => [
    { source: "/:path*", headers: [{ key: "X-Frame-Options", value: "DENY" }, { key: "Content-Security-Policy", value: "frame-ancestors 'none'" }] },
  ],
};

export default config;
