import type { NextConfig } from "next";

const config: NextConfig = {
  // Tests and benchmarks build and serve their own copy (scripts/test.sh), never the one a running Berth serves.
  distDir: process.env.BERTH_NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "dockerode", "ssh2", "cpu-features", "bullmq", "ioredis", "tar"],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
  // No page of Berth's may be framed by another site (clickjacking): old browsers read the first, new ones the second.
  headers: async () => [
    { source: "/:path*", headers: [{ key: "X-Frame-Options", value: "DENY" }, { key: "Content-Security-Policy", value: "frame-ancestors 'none'" }] },
  ],
};

export default config;
