-- CreateTable
CREATE TABLE "Domain" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "certificate" TEXT,
    "privateKey" TEXT,
    "certExpiresAt" DATETIME,
    "redirectHttps" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Domain_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_App" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployLock" TEXT,
    "maintenance" BOOLEAN NOT NULL DEFAULT false,
    "healthcheckPath" TEXT NOT NULL DEFAULT '/',
    "healthcheckTimeout" INTEGER NOT NULL DEFAULT 60,
    CONSTRAINT "App_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_App" ("createdAt", "deployLock", "id", "name", "ownerId") SELECT "createdAt", "deployLock", "id", "name", "ownerId" FROM "App";
DROP TABLE "App";
ALTER TABLE "new_App" RENAME TO "App";
CREATE UNIQUE INDEX "App_name_key" ON "App"("name");
CREATE TABLE "new_Container" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appId" TEXT NOT NULL,
    "releaseId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "dockerId" TEXT,
    "address" TEXT,
    "port" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'starting',
    "size" TEXT NOT NULL DEFAULT 'standard',
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "crashStreak" INTEGER NOT NULL DEFAULT 0,
    "exitCode" INTEGER,
    "startedAt" DATETIME,
    "nextRestartAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Container_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Container_releaseId_fkey" FOREIGN KEY ("releaseId") REFERENCES "Release" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Container_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Container" ("address", "appId", "createdAt", "dockerId", "hostId", "id", "index", "port", "releaseId", "state", "type", "updatedAt") SELECT "address", "appId", "createdAt", "dockerId", "hostId", "id", "index", "port", "releaseId", "state", "type", "updatedAt" FROM "Container";
DROP TABLE "Container";
ALTER TABLE "new_Container" RENAME TO "Container";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Domain_hostname_key" ON "Domain"("hostname");

