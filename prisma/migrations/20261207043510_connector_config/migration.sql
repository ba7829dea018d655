-- AlterTable
ALTER TABLE "WebEvent" ADD COLUMN     "gaClientId" TEXT;

-- CreateTable
CREATE TABLE "ConnectorConfig" (
    "key" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "settings" JSONB NOT NULL,
    "secretSealed" BYTEA,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,
    "testedAt" TIMESTAMP(3),
    "testResult" TEXT,

    CONSTRAINT "ConnectorConfig_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ConnectorOutcome" (
    "id" TEXT NOT NULL,
    "requestId" TEXT,
    "personId" TEXT,
    "connector" TEXT NOT NULL,
    "recipientKey" TEXT,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "count" INTEGER,
    "erased" INTEGER,
    "fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "at" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "taskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectorOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectorOutcome_requestId_idx" ON "ConnectorOutcome"("requestId");

-- CreateIndex
CREATE INDEX "ConnectorOutcome_personId_createdAt_idx" ON "ConnectorOutcome"("personId", "createdAt");

-- AddForeignKey
ALTER TABLE "ConnectorOutcome" ADD CONSTRAINT "ConnectorOutcome_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The data map's recipients name the connector that serves them once it is configured.
UPDATE "Recipient" SET "connector" = 'microsoft_365' WHERE "key" = 'm365' AND "connector" = 'manual';
UPDATE "Recipient" SET "connector" = 'wix' WHERE "key" = 'wix' AND "connector" = 'manual';
UPDATE "Recipient" SET "connector" = 'google_analytics' WHERE "key" = 'google_analytics' AND "connector" = 'manual';
UPDATE "Recipient" SET "connector" = 'paypal' WHERE "key" = 'paypal' AND "connector" = 'manual';
