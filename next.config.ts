import type { NextConfig } from "next";

const config: NextConfig = {
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "dockerode", "ssh2", "cpu-features", "bullmq", "ioredis", "tar"],
  typescript: { ignoreBuildErrors: false },
  poweredByHeader: false,
};

export default config;
