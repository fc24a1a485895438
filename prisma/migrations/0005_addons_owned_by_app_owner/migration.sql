-- An add-on belongs to the owner of the app it was created on, whoever clicked (issue 12, item 6).
-- Add-ons a collaborator created were theirs until now, and stayed theirs after they were removed
-- from the app. Each moves to the owner of the app it was first attached to (the oldest attachment
-- it still has); an add-on with no attachment left keeps its owner. No schema change.
UPDATE "Addon"
SET "ownerId" = (
    SELECT "App"."ownerId"
    FROM "AddonAttachment" JOIN "App" ON "App"."id" = "AddonAttachment"."appId"
    WHERE "AddonAttachment"."addonId" = "Addon"."id"
    ORDER BY "AddonAttachment"."createdAt" ASC, "AddonAttachment"."id" ASC
    LIMIT 1
)
WHERE "ownerId" <> COALESCE((
    SELECT "App"."ownerId"
    FROM "AddonAttachment" JOIN "App" ON "App"."id" = "AddonAttachment"."appId"
    WHERE "AddonAttachment"."addonId" = "Addon"."id"
    ORDER BY "AddonAttachment"."createdAt" ASC, "AddonAttachment"."id" ASC
    LIMIT 1
), "ownerId");
