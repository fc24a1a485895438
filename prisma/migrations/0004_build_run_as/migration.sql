-- The numeric user a build's containers run as (never uid 0).
ALTER TABLE "Build" ADD COLUMN "runAs" TEXT;
