-- A formation's autoscale settings (JSON: {"min", "max", "target"}); null: scaled by hand only.
ALTER TABLE "Formation" ADD COLUMN "autoscale" TEXT;
