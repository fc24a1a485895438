-- Where an add-on's replicas run when they are not on its primary's host.
ALTER TABLE "Addon" ADD COLUMN "placement" TEXT NOT NULL DEFAULT '{}';
