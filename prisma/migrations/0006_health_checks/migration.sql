-- Health checks as users expect (issue 13, item 3).
-- A build records the web checks its source asked for (a CHECKS file), as JSON.
ALTER TABLE "Build" ADD COLUMN "checks" TEXT;

-- An app's health-check path becomes optional: no path means "any HTTP answer below 500 on
-- PORT passes". SQLite cannot drop NOT NULL in place, so the table is redefined.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_App" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployLock" TEXT,
    "maintenance" BOOLEAN NOT NULL DEFAULT false,
    "healthcheckPath" TEXT,
    "healthcheckTimeout" INTEGER NOT NULL DEFAULT 60,
    CONSTRAINT "App_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- "/" was the old default, never chosen by the app's owner: such apps get the new default.
INSERT INTO "new_App" ("id", "name", "ownerId", "createdAt", "deployLock", "maintenance", "healthcheckPath", "healthcheckTimeout")
SELECT "id", "name", "ownerId", "createdAt", "deployLock", "maintenance", NULLIF("healthcheckPath", '/'), "healthcheckTimeout" FROM "App";
DROP TABLE "App";
ALTER TABLE "new_App" RENAME TO "App";
CREATE UNIQUE INDEX "App_name_key" ON "App"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
