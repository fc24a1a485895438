-- app.json (issue 13, item 6).
-- An app records when its first deploy applied the source's app.json, so a later push never
-- applies its env defaults, add-ons or formation again.
ALTER TABLE "App" ADD COLUMN "manifestAppliedAt" DATETIME;
-- A build keeps its app.json's postdeploy command, run once after the app's first live release,
-- and why it failed when it did.
ALTER TABLE "Build" ADD COLUMN "postdeploy" TEXT;
ALTER TABLE "Build" ADD COLUMN "postdeployError" TEXT;
